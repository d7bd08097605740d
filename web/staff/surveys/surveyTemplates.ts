/**
 * Ready-made surveys to start from, each in English, Spanish and Simplified Chinese. They are
 * YAML text (what the editor shows), with comments that explain themselves to the admin; each
 * one is compiled by the server's compiler in test/unit/web/staffSurveyTemplates.test.ts, so a
 * template that stops validating fails the build, not an admin's first click.
 */

export const TEMPLATE_IDS = ['csat-purchase', 'nps-relationship', 'ces-support', 'kano-features'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

const CSAT = `# Post-purchase satisfaction (CSAT): sent a few days after an order is delivered.
id: template
title:
  en: After your purchase
  es: Después de tu compra
  zh-CN: 购物之后
defaultLocale: en
locales: [en, es, zh-CN]

intro:
  en: "Hi {{customer.name|there}}! A few quick questions about order {{order.id|your order}}."
  es: "¡Hola, {{customer.name|qué tal}}! Unas preguntas rápidas sobre el pedido {{order.id|tu pedido}}."
  zh-CN: "{{customer.name|您}}好！关于订单 {{order.id|您的订单}}，想请您回答几个简单的问题。"

questions:
  # The headline score: 1 (very unsatisfied) to 5 (very satisfied).
  - id: csat
    type: rating
    scale: csat
    display: stars
    aspect: overall
    text:
      en: Overall, how satisfied are you with your purchase?
      es: En general, ¿qué tan satisfecho estás con tu compra?
      zh-CN: 总体来说，您对这次购物满意吗？

  - id: delivery
    type: rating
    scale: csat
    display: stars
    aspect: delivery
    text:
      en: How satisfied are you with the delivery?
      es: ¿Qué tan satisfecho estás con la entrega?
      zh-CN: 您对配送满意吗？

  # Only asked when the score is low, to learn what to fix.
  - id: improve
    type: text
    if: csat <= 3
    required: false
    text:
      en: What could we have done better?
      es: ¿Qué podríamos haber hecho mejor?
      zh-CN: 我们哪里可以做得更好？

endings:
  - id: sorry
    if: csat <= 3
    text:
      en: Thank you for telling us. We're sorry it wasn't better; your answers go to the team that can fix it.
      es: Gracias por contárnoslo. Sentimos que no haya sido mejor; tus respuestas llegan al equipo que puede mejorarlo.
      zh-CN: 谢谢您告诉我们。很抱歉没能让您满意，您的反馈会交给负责改进的团队。
  - id: thanks
    text:
      en: Thank you! We hope to see you again soon.
      es: ¡Gracias! Esperamos verte pronto.
      zh-CN: 谢谢您！期待再次为您服务。

escalation:
  - id: very_unhappy
    when: csat <= 2
    priority: high
`;

const NPS = `# Relationship NPS: how likely customers are to recommend you, asked every few months.
id: template
title:
  en: How are we doing?
  es: ¿Cómo lo estamos haciendo?
  zh-CN: 我们做得怎么样？
defaultLocale: en
locales: [en, es, zh-CN]

questions:
  # 0 (not at all likely) to 10 (extremely likely): 9-10 promoters, 0-6 detractors.
  - id: nps
    type: rating
    scale: nps
    aspect: loyalty
    text:
      en: How likely are you to recommend us to a friend or colleague?
      es: ¿Qué probabilidad hay de que nos recomiendes a un amigo o compañero?
      zh-CN: 您有多大可能向朋友或同事推荐我们？

  - id: reason
    type: text
    required: false
    text:
      en: What is the main reason for your score?
      es: ¿Cuál es el motivo principal de tu puntuación?
      zh-CN: 您给出这个分数的主要原因是什么？

endings:
  - id: detractor
    if: nps <= 6
    text:
      en: Thank you for being honest with us. We will work on it.
      es: Gracias por tu sinceridad. Trabajaremos en ello.
      zh-CN: 感谢您的坦诚，我们会努力改进。
  - id: thanks
    text:
      en: Thank you! It means a lot to us.
      es: ¡Gracias! Significa mucho para nosotros.
      zh-CN: 谢谢您！这对我们意义重大。

escalation:
  - id: detractor
    when: nps <= 4
    priority: normal
`;

const CES = `# Customer effort (CES) after a support conversation: how easy was it to get help?
id: template
title:
  en: Your support experience
  es: Tu experiencia con el soporte
  zh-CN: 您的客服体验
defaultLocale: en
locales: [en, es, zh-CN]

questions:
  # 1 (very difficult) to 7 (very easy).
  - id: ces
    type: rating
    scale: ces
    aspect: support
    text:
      en: How easy was it to get your problem solved?
      es: ¿Qué tan fácil fue resolver tu problema?
      zh-CN: 解决您的问题有多容易？

  - id: solved
    type: yesno
    text:
      en: Is your problem solved now?
      es: ¿Tu problema está resuelto ahora?
      zh-CN: 您的问题现在解决了吗？

  - id: hardest
    type: text
    if: ces <= 4
    required: false
    text:
      en: What was the hardest part?
      es: ¿Qué fue lo más difícil?
      zh-CN: 最困难的是哪一部分？

endings:
  - id: thanks
    text:
      en: Thank you for your feedback!
      es: ¡Gracias por tu opinión!
      zh-CN: 感谢您的反馈！

escalation:
  - id: not_solved
    when: solved == false
    priority: high
`;

const KANO = `# Kano feature survey: for each idea, how customers would feel with it and without it.
# Results sort each feature into must-be, performance, attractive, indifferent or reverse.
id: template
title:
  en: Ideas we are considering
  es: Ideas que estamos considerando
  zh-CN: 我们正在考虑的新功能
defaultLocale: en
locales: [en, es, zh-CN]

intro:
  en: "Hi {{customer.name|there}}! For each idea, tell us how you'd feel with it and without it."
  es: "¡Hola, {{customer.name|qué tal}}! Para cada idea, cuéntanos cómo te sentirías con ella y sin ella."
  zh-CN: "{{customer.name|您}}好！对于每个想法，请告诉我们有它和没有它时您分别会有什么感受。"

questions:
  # The bot asks the standard two Kano questions about each feature.
  - id: feature_one
    type: kano
    required: false
    feature:
      en: same-day delivery
      es: entrega el mismo día
      zh-CN: 当日送达

  - id: feature_two
    type: kano
    required: false
    feature:
      en: a mobile app
      es: una aplicación móvil
      zh-CN: 手机应用

endings:
  - id: thanks
    text:
      en: Thank you! Your answers help us decide what to build next.
      es: ¡Gracias! Tus respuestas nos ayudan a decidir qué hacer a continuación.
      zh-CN: 谢谢您！您的回答将帮助我们决定接下来做什么。
`;

const TEXTS: Record<TemplateId, string> = { 'csat-purchase': CSAT, 'nps-relationship': NPS, 'ces-support': CES, 'kano-features': KANO };

/** The template's YAML with the new survey's id in place of the placeholder one. */
export function fromTemplate(template: TemplateId, id: string): string {
  return TEXTS[template].replace(/^id: template$/m, `id: ${id}`);
}
