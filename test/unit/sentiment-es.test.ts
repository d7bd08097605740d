import { describe, expect, it } from 'vitest';
import { oddInput, scorer, sentimentTables, type Label } from './sentimentSuite.js';

const LOCALE = 'es';

// One clear word or phrase of praise or blame decides.
const plain: Array<[text: string, label: Label]> = [
  ['El producto es muy bueno', 'positive'],
  ['Me encanta', 'positive'],
  ['Excelente servicio, gracias', 'positive'],
  ['Entrega rápida y personal amable', 'positive'],
  ['El repartidor fue muy amable', 'positive'],
  ['Funciona perfectamente', 'positive'],
  ['Buenísimo', 'positive'],
  ['Está bien', 'positive'],
  ['Una experiencia horrible', 'negative'],
  ['El artículo llegó roto', 'negative'],
  // "soporte" is what they contacted, not praise: only "decepcionado" counts.
  ['Estoy muy decepcionado con el soporte', 'negative'],
  ['El envío llegó tarde y la caja estaba dañada', 'negative'],
  ['Caro y de mala calidad', 'negative'],
  ['Producto defectuoso', 'negative'],
  ['La aplicación se cuelga todo el tiempo', 'negative'],
  ['Me enviaron el producto equivocado', 'negative'],
  ['El pedido llegó incompleto', 'negative'],
  // In a survey "regular" means so-so; "normal" says nothing either way.
  ['Regular', 'negative'],
  ['Normal', 'neutral'],
];

// Negation turns only the words it reaches, and never a whole answer.
const negation: Array<[text: string, label: Label]> = [
  ['no es bueno', 'negative'],
  ['No es nada bueno', 'negative'],
  ['No me gusta', 'negative'],
  ['No estoy satisfecho', 'negative'],
  ['Nadie me ayudó', 'negative'],
  ['Mi problema no se resolvió', 'negative'],
  ['No funciona bien', 'negative'],
  // "no está mal" is faint praise, not a complaint.
  ['no está mal', 'positive'],
  ['No es malo', 'positive'],
  ['Nada mal', 'positive'],
  ['No hubo ningún problema', 'positive'],
  ['Nunca tuve un problema', 'positive'],
  // "no solo" must not reach the praise further on.
  ['No solo el envío fue rápido, sino que el producto es excelente', 'positive'],
  // "volver a comprar" is praise; a negator in front makes it a farewell.
  ['Volveré a comprar', 'positive'],
  ['No volveré a comprar', 'negative'],
  ['No lo volvería a comprar', 'negative'],
];

// How customers write to a shop: set phrases, often with no sentiment word in them.
const serviceTalk: Array<[text: string, label: Label]> = [
  ['no lo recomiendo', 'negative'],
  ['No lo recomiendo para nada', 'negative'],
  ['Lo recomiendo', 'positive'],
  ['Súper recomendable', 'positive'],
  ['vale la pena', 'positive'],
  ['no vale la pena', 'negative'],
  ['nunca más', 'negative'],
  ['Es tirar el dinero', 'negative'],
  ['Una pérdida de tiempo', 'negative'],
  ['Es una estafa', 'negative'],
  ['Sigo esperando el reembolso', 'negative'],
  ['Tardó muchísimo en llegar', 'negative'],
  ['Dejó de funcionar a los dos días', 'negative'],
  ['Me colgaron el teléfono', 'negative'],
  ['Nadie respondió mis correos', 'negative'],
  ['Nunca me devolvieron la llamada', 'negative'],
  ['Tuve que esperar 40 minutos', 'negative'],
  ['Podría ser mejor', 'negative'],
  ['No es lo que esperaba', 'negative'],
  ['Nada que ver con la foto', 'negative'],
  ['Me cobraron dos veces', 'negative'],
  ['No me han devuelto el dinero', 'negative'],
  // Thanks said in anger.
  ['Gracias por nada', 'negative'],
  ['Cero estrellas', 'negative'],
  ['Funciona de maravilla, cinco estrellas', 'positive'],
  ['Problema resuelto', 'positive'],
  ['Sin problemas', 'positive'],
  ['Llegó antes de lo previsto', 'positive'],
  ['Repetiré', 'positive'],
  // Un problema contado con lo que lo resolvió es un cliente contento (issue 19: eran negativas).
  ['La atención al cliente resolvió mi problema enseguida.', 'positive'],
  ['Hubo un error con la factura y lo solucionaron en una llamada', 'positive'],
  ['El técnico arregló el fallo el mismo día', 'positive'],
  ['No resolvieron el problema', 'negative'],
];

// "A pero B": B is what the customer means.
const contrast: Array<[text: string, label: Label]> = [
  ['Buen producto, pero el envío llegó tarde', 'negative'],
  ['Buen producto pero el envío tardó semanas', 'negative'],
  ['El personal fue grosero pero la comida estaba deliciosa', 'positive'],
  ['Aunque es caro, la calidad es excelente', 'positive'],
  ['Tardó mucho pero llegó bien', 'positive'],
];

// Emoji and emoticons carry the mood on their own, and outweigh a mild word next to them.
const emoji: Array<[text: string, label: Label]> = [
  ['😡', 'negative'],
  ['😍', 'positive'],
  [':)', 'positive'],
  [':(', 'negative'],
  ['👍', 'positive'],
  ['👎', 'negative'],
  ['Me encanta 😍', 'positive'],
  ['Llegó a tiempo 😡', 'negative'],
];

// Facts with no opinion: no sentiment, and the scorer says it is not guessing.
const facts: string[] = [
  'Hice el pedido el lunes',
  'El paquete llegó el martes',
  'Mi número de pedido es 12345',
  'Pagué con tarjeta',
  'Llamé al servicio de atención al cliente dos veces',
  '¿A qué hora abren?',
];

// [text, its label, a text it must score below]: intensifiers, softeners, negation and
// exclamation marks move the score in the expected direction.
const ordering: Array<[text: string, label: Label, below: string]> = [
  ['muy malo', 'negative', 'malo'],
  ['malo', 'negative', 'un poco malo'],
  ['un poco bueno', 'positive', 'bueno'],
  ['bueno', 'positive', 'muy bueno'],
  ['extremadamente lento', 'negative', 'un poco lento'],
  ['Muy caro', 'negative', 'Un poco caro'],
  ['Muy mal', 'negative', 'Mal'],
  ['Satisfecho', 'positive', 'Muy satisfecho'],
  ['genial', 'positive', '¡genial!!!'],
  ['¡horrible!!!', 'negative', 'horrible'],
  // "no es bueno" is bad, not terrible; "no está mal" is faint praise.
  ['malo', 'negative', 'no es bueno'],
  ['no es bueno', 'negative', 'no está mal'],
  ['no está mal', 'positive', 'bueno'],
];

describe('sentiment (es)', () => {
  sentimentTables(LOCALE, { plain, negation, serviceTalk, contrast, emoji, facts, ordering });

  it('a regional tag uses the Spanish lists', () => {
    expect(scorer.score('no lo recomiendo', 'es-MX')).toEqual(scorer.score('no lo recomiendo', LOCALE));
  });

  oddInput(LOCALE, { blank: ['   \n\t ', '¡¡¡!!!', '¿?'], long: 'El envío llegó tarde. '.repeat(455).slice(0, 10_000), longLabel: 'negative', emojiOnly: [['😡😡😡', 'negative']] });
});
