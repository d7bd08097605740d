import { afinnSpanish, negationsSpanish, senticonSpanish, stemSpanish } from '../naturalVocabularies.js';
import { once } from '../once.js';
import { wordMap, type LanguageRules } from './LanguageRules.js';

const EXTRA: Record<string, number> = {
  lento: -2, lenta: -2, tarde: -1, retraso: -2, roto: -3, rota: -3, dañado: -3, defectuoso: -3, estropeado: -3, caro: -1, cara: -1, barato: 1,
  pésimo: -4, pésima: -4, horrible: -4, fatal: -3, malísimo: -4, decepcionante: -3, decepcionado: -2, decepcionada: -2, reembolso: -1,
  devolver: -1, devolución: -2, basura: -3, inútil: -3, rápido: 2, rápida: 2, amable: 2, atento: 2, atenta: 2, genial: 3, estupendo: 3,
  excelente: 3, perfecto: 3, perfecta: 3, fantástico: 3, encantado: 3, encantada: 3, recomiendo: 2, recomendable: 2, cómodo: 2, cómoda: 2,
  fiable: 2, práctico: 2, práctica: 2, resistente: 2, sabroso: 3, rico: 2, fresco: 2, maravilla: 3, timo: -3, estafa: -4, averiado: -3,
  // Plain topics of an order that SentiCon or a shared stem scores: in feedback they carry no opinion
  // ("hice el pedido el lunes", "sigo esperando", "la calidad es mala").
  producto: 0, productos: 0, pedido: 0, pedidos: 0, pedir: 0, llegó: 0, llega: 0, llegar: 0, llegaron: 0, llegado: 0, entrega: 0,
  entregado: 0, entregada: 0, esperar: 0, esperando: 0, esperaba: 0, esperado: 0, pagué: 0, pagar: 0, cobraron: 0, soporte: 0,
  aplicación: 0, experiencia: 0, precio: 0, calidad: 0, color: 0, podría: 0, normal: 0, verdad: 0, todo: 0, un: 0, vez: 0, solo: 0,
  sólo: 0, hora: 0, horas: 0, martes: 0, mes: 0,
  // "Regular" rates a service as so-so, not as good.
  regular: -1, grosero: -3, grosera: -3, equivocado: -2, equivocada: -2, incompleto: -2, incompleta: -2,
  buenísimo: 4, buenísima: 4, malísima: -4, repetiré: 2, repetiremos: 2,
  // Promptness: SentiCon's -0.37 for "enseguida" (right away) made a quick answer a complaint.
  enseguida: 1,
};

const PHRASES: Record<string, number> = {
  'no lo recomiendo': -3, 'no la recomiendo': -3, 'no recomiendo': -3, 'lo recomiendo': 2.5, 'la recomiendo': 2.5, 'nunca más': -3,
  'tirar el dinero': -3, 'dinero tirado': -3, 'no vale la pena': -2.5, 'vale la pena': 2, 'merece la pena': 2, 'no merece la pena': -2.5,
  'una pasada': 3, 'de maravilla': 3, 'dejó de funcionar': -3, 'no funciona': -3, 'no funcionaba': -3, 'funciona bien': 2,
  'calidad precio': 1, 'buena calidad': 2, 'mala calidad': -3, 'no está mal': 1.5, 'ni fu ni fa': -0.5, 'una estafa': -4, 'un timo': -3,
  'sin problemas': 2, 'muy contento': 3, 'muy contenta': 3, 'cinco estrellas': 3, 'una estrella': -3, 'lo peor': -3,
  // Customer-service complaints with no sentiment word in them.
  'me colgaron': -3, 'nadie respondió': -2, 'nadie responde': -2, 'nadie contesta': -2, 'nadie contestó': -2, 'sin respuesta': -2,
  'devolvieron la llamada': 1.5, 'sigo esperando': -2, 'seguimos esperando': -2, 'tuve que esperar': -1.5, 'tardó mucho': -2,
  'tardó muchísimo': -3, 'tarda mucho': -2, 'tardaron mucho': -2, 'tardó semanas': -2, 'llegó tarde': -2.5, 'llegaron tarde': -2.5,
  'se cuelga': -2, 'se bloquea': -2, 'cobraron dos veces': -3, 'cobraron de más': -3, 'no me han devuelto': -2.5,
  'gracias por nada': -2, 'cero estrellas': -3, 'no funciona bien': -2.5, 'no funcionaba bien': -2.5,
  // Lukewarm verdicts and broken expectations.
  'podría ser mejor': -1, 'podría estar mejor': -1, 'podría mejorar': -1, 'no es lo que esperaba': -2, 'no era lo que esperaba': -2,
  'nada que ver con la foto': -2, 'antes de lo previsto': 2, 'antes de tiempo': 1.5, 'a tiempo': 1,
  // Coming back, and problems gone; a negator before them turns them ("no volveré a comprar").
  'volveré a comprar': 2.5, 'volvería a comprar': 2.5, 'volveré a pedir': 2.5, 'problema resuelto': 2, 'problema solucionado': 2,
  // "calidad" alone is neutral (above), so its usual adjectives carry the weight.
  // A trouble denied is praise ("ni un rasguño", "no cambiaría nada").
  'no cambiaría nada': 2, 'nada que mejorar': 2, 'ni un rasguño': 2, 'ni una arruga': 2, 'no falla nunca': 2, 'nunca falla': 2,
  'pan comido': 2, 'más no se puede pedir': 3, 'no se puede pedir más': 3,
  'alta calidad': 2, 'baja calidad': -2,
};

const RESOLUTIONS: Record<string, number> = {
  'me mandaron otro': 2, 'me mandaron otra': 2, 'me mandaron uno nuevo': 2, 'me mandaron una nueva': 2, 'me enviaron otro': 2, 'me enviaron otra': 2,
  'me enviaron uno nuevo': 2, 'me enviaron el correcto': 2, 'habían enviado otra': 2, 'habían enviado otro': 2, 'me lo cambiaron': 2,
  'me la cambiaron': 2, 'me los cambiaron': 2, 'me las cambiaron': 2, 'me devolvieron el dinero': 2, 'me devolvieron la diferencia': 2,
  'me lo devolvieron': 2, 'me la devolvieron': 2, 'lo devolvieron': 2, 'me reembolsaron': 2, 'se encargaron': 2, 'me ayudaron': 2,
  'el reembolso llegó': 2, 'reembolso llegó': 2, 'me llegó el reembolso': 2, 'ya tenía el reembolso': 2, 'ya tenia el reembolso': 2,
  'reembolso completo': 2, 'me cambiaron': 2, 'me devolvieron': 2, 'devolvieran el dinero': 2, 'devolvieron el dinero': 2, 'sin coste adicional': 1.5, 'sin costo adicional': 1.5,
};

const DEGREE: Record<string, number> = {
  muy: 1.5, súper: 1.5, super: 1.5, bastante: 1.3, demasiado: 1.3, extremadamente: 1.8, realmente: 1.4, tan: 1.3, totalmente: 1.5,
  increíblemente: 1.7, sumamente: 1.7, 'un poco': 0.6, algo: 0.7, 'un tanto': 0.7, apenas: 0.5, poco: 0.6,
};

/** Built on first use (stemming some 10,000 words takes a while): see naturalVocabularies.ts. */
export const spanish = once((): LanguageRules => {
  /** ML-SentiCon polarities are in [-1, 1]; on AFINN's scale they count up to 4. */
  const senticon = Object.fromEntries(Object.entries(senticonSpanish()).map(([w, e]) => [w, Number(e.pol) * 4]));
  return {
    words: wordMap({ ...senticon, ...afinnSpanish(), ...EXTRA }),
    stem: stemSpanish,
    stemmedWords: new Map(Object.entries({ ...senticon, ...afinnSpanish(), ...EXTRA }).map(([w, v]) => [stemSpanish(w), v])),
    phrases: PHRASES,
    negators: new Set([...negationsSpanish(), 'no', 'nunca', 'jamás', 'ni', 'nada', 'tampoco', 'sin', 'ningún', 'ninguna', 'ninguno', 'nadie']),
    degree: DEGREE,
    contrast: new Set(['pero', 'aunque', 'sin embargo', 'sino', 'salvo', 'lamentablemente', 'desgraciadamente']),
    segmented: false,
    resolutions: RESOLUTIONS,
    resolvers: wordMap({ resolvio: 2, soluciono: 2, arreglo: 2, reembolsaron: 2, reenviaron: 2, destrabaron: 2, resolvió: 2, resolvieron: 2, resuelto: 2, resuelta: 2, solucionó: 2, solucionaron: 2, solucionado: 2, solucionada: 2, arregló: 2, arreglaron: 2, arreglado: 2, arreglada: 2 }),
    troubles: new Set(['problema', 'problemas', 'error', 'errores', 'fallo', 'falla', 'inconveniente', 'lío', 'incidencia']),
  };
});
