/**
 * Words that name the usual aspects of a purchase, per language (ours; MIT). English and
 * Spanish match whole words; Chinese matches inside the text.
 */
export const ASPECT_KEYWORDS: Readonly<Record<'en' | 'es' | 'zh', Readonly<Record<string, readonly string[]>>>> = {
  en: {
    delivery: ['delivery', 'deliver', 'delivered', 'shipping', 'shipped', 'shipment', 'arrived', 'arrival', 'courier', 'parcel', 'package', 'packaging', 'dispatch', 'dispatched', 'late', 'on time', 'driver', 'took three weeks', 'took weeks', 'took days'],
    product_quality: ['quality', 'product', 'item', 'material', 'materials', 'works', 'working', 'broke', 'broken', 'defective', 'faulty', 'size', 'fit', 'fits', 'taste', 'tasty', 'fresh', 'durable', 'flimsy', 'build'],
    price: ['price', 'prices', 'priced', 'expensive', 'cheap', 'value', 'money', 'cost', 'costs', 'overpriced', 'worth', 'affordable', 'pricey', 'discount'],
    staff: ['staff', 'service', 'support', 'agent', 'employee', 'employees', 'waiter', 'seller', 'rude', 'friendly', 'helpful', 'customer service', 'team', 'manager'],
    website: ['website', 'site', 'app', 'checkout', 'online', 'web', 'login', 'payment', 'order page', 'ordering'],
  },
  es: {
    delivery: ['entrega', 'envío', 'envio', 'llegó', 'llego', 'llegada', 'mensajero', 'paquete', 'repartidor', 'transporte', 'tarde', 'embalaje', 'reparto'],
    product_quality: ['calidad', 'producto', 'material', 'funciona', 'roto', 'rota', 'defectuoso', 'talla', 'sabor', 'fresco', 'acabado'],
    price: ['precio', 'precios', 'caro', 'cara', 'barato', 'barata', 'dinero', 'coste', 'costo', 'vale', 'oferta', 'descuento'],
    staff: ['personal', 'atención', 'atencion', 'servicio', 'amable', 'trato', 'dependiente', 'vendedor', 'empleado', 'empleados'],
    website: ['web', 'página', 'pagina', 'aplicación', 'aplicacion', 'app', 'pago', 'compra online'],
  },
  zh: {
    delivery: ['配送', '送货', '快递', '物流', '送餐', '骑手', '送达', '到货', '发货', '外卖员', '小哥', '包装'],
    product_quality: ['质量', '品质', '做工', '材质', '味道', '口感', '商品', '产品', '东西', '效果', '菜品'],
    price: ['价格', '价钱', '贵', '便宜', '性价比', '划算', '实惠', '价位', '优惠'],
    staff: ['服务', '客服', '态度', '店员', '服务员', '老板', '前台', '商家'],
    website: ['网站', '网页', '应用', 'app', '下单', '付款', '页面', '软件'],
  },
};
