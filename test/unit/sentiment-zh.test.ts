import { describe, expect, it } from 'vitest';
import { oddInput, scorer, sentimentTables, type Label } from './sentimentSuite.js';

const LOCALE = 'zh-CN';

// One clear word or phrase of praise or blame decides, however the segmenter cuts it.
const plain: Array<[text: string, label: Label]> = [
  ['东西很好', 'positive'],
  ['非常满意', 'positive'],
  ['服务态度很好，谢谢', 'positive'],
  ['送货快，包装好', 'positive'],
  ['客服很耐心', 'positive'],
  ['很喜欢', 'positive'],
  ['发货很快', 'positive'],
  ['这是我买过最好的东西', 'positive'],
  ['太差了', 'negative'],
  ['收到的东西是坏的', 'negative'],
  ['客服态度很差', 'negative'],
  ['快递很慢，盒子也破了', 'negative'],
  ['又贵又差', 'negative'],
  ['软件老是闪退', 'negative'],
  ['难吃死了', 'negative'],
  ['分量太少', 'negative'],
  ['物流很慢', 'negative'],
  ['太贵了', 'negative'],
  // Lukewarm answers lean negative in a satisfaction survey.
  ['一般', 'negative'],
];

// Negation turns only the words it reaches.
const negation: Array<[text: string, label: Label]> = [
  ['不好吃', 'negative'],
  ['不好', 'negative'],
  ['不太满意', 'negative'],
  ['不满意', 'negative'],
  ['不是很好', 'negative'],
  ['不喜欢', 'negative'],
  ['很不专业', 'negative'],
  ['问题没有解决', 'negative'],
  ['没有想象中好', 'negative'],
  // "一点都不" negates what follows; it is not a complaint of its own.
  ['一点都不好吃', 'negative'],
  ['一点也不贵', 'positive'],
  ['不贵', 'positive'],
  // "no problem" is reassurance, not a problem.
  ['没有问题', 'positive'],
  ['没问题', 'positive'],
  ['没有任何问题', 'positive'],
  // "不仅/不但" (not only) are not negators.
  ['不仅质量好，而且价格便宜', 'positive'],
  ['不但好吃，而且分量足', 'positive'],
  ['不会再买了', 'negative'],
];

// How customers write to a shop: set phrases, often with no sentiment word in them.
const serviceTalk: Array<[text: string, label: Label]> = [
  ['再也不买了', 'negative'],
  ['以后不会再来了', 'negative'],
  ['不推荐', 'negative'],
  ['千万别买', 'negative'],
  ['强烈推荐', 'positive'],
  ['物超所值', 'positive'],
  ['性价比很高', 'positive'],
  ['不值这个价', 'negative'],
  ['送错了', 'negative'],
  ['少送了一个', 'negative'],
  ['还在等退款', 'negative'],
  ['等了一个星期才到', 'negative'],
  ['等了四十分钟', 'negative'],
  ['用了两天就坏了', 'negative'],
  ['客服挂了我的电话', 'negative'],
  ['打电话没人接', 'negative'],
  ['一直没人回复', 'negative'],
  ['客服不理人', 'negative'],
  ['与描述不符', 'negative'],
  ['跟描述一致', 'positive'],
  ['上当了', 'negative'],
  ['被骗了', 'negative'],
  ['还会回购', 'positive'],
  ['下次还会买', 'positive'],
  ['质量很好，五星好评', 'positive'],
  ['差评', 'negative'],
  ['问题解决了', 'positive'],
  // A cold "呵呵" is a sneer, not a laugh.
  ['呵呵', 'negative'],
  // 说出问题又说已解决：是满意的顾客。
  ['客服很快就把问题解决了', 'positive'],
  ['快递的问题客服当天就搞定了', 'positive'],
  ['问题一直没解决', 'negative'],
];

// "A，但是 B" and "A就是 B": B is what the customer means.
const contrast: Array<[text: string, label: Label]> = [
  ['产品不错，但是快递太慢了', 'negative'],
  ['东西不错就是物流太慢', 'negative'],
  ['菜很好吃，可是送得太慢了', 'negative'],
  ['东西还行，就是包装有点简陋', 'negative'],
  ['虽然贵，但是质量很好', 'positive'],
  ['虽然有点贵，但是很好吃', 'positive'],
  ['质量一般，但是客服很热情', 'positive'],
  ['有点小问题，但总体满意', 'positive'],
  // 但是之后的才是顾客的意思（issue 19：这句曾被判为正面）。
  ['价格便宜，但是质量真的不行。', 'negative'],
  ['包装不错，但是东西不行', 'negative'],
];

// Emoji and emoticons carry the mood on their own.
const emoji: Array<[text: string, label: Label]> = [
  ['😡', 'negative'],
  ['😍', 'positive'],
  // The segmenter cuts ":)" into ":" and ")"; the word list puts them back together.
  [':)', 'positive'],
  [':(', 'negative'],
  ['👍', 'positive'],
  ['👎', 'negative'],
  ['😭', 'negative'],
  ['爱了爱了😍', 'positive'],
];

// Facts with no opinion: no sentiment, and the scorer says it is not guessing.
const facts: string[] = [
  '我周一下的单',
  '包裹周二到的',
  '我的订单号是12345',
  '我用信用卡付的款',
  '我打了两次客服电话',
  '请问什么时候发货？',
  '订单已经取消了',
  '今天收到货了',
];

// [text, its label, a text it must score below]: intensifiers, softeners, negation and
// exclamation marks move the score in the expected direction.
const ordering: Array<[text: string, label: Label, below: string]> = [
  ['非常差', 'negative', '差'],
  ['差', 'negative', '有点差'],
  ['非常慢', 'negative', '有点慢'],
  ['有点喜欢', 'positive', '喜欢'],
  ['喜欢', 'positive', '非常喜欢'],
  ['满意', 'positive', '非常满意'],
  ['太棒了', 'positive', '太棒了！！！'],
  ['差评！！！', 'negative', '差评'],
  ['非常不满意', 'negative', '很不满意'],
  ['很不满意', 'negative', '不满意'],
  // "不好吃" is disappointing, "难吃" is awful.
  ['难吃', 'negative', '不好吃'],
  ['有点贵', 'negative', '不贵'],
];

describe('sentiment (zh-CN)', () => {
  sentimentTables(LOCALE, { plain, negation, serviceTalk, contrast, emoji, facts, ordering });

  it('other Chinese tags use the Chinese lists', () => {
    expect(scorer.score('再也不买了', 'zh-Hans')).toEqual(scorer.score('再也不买了', LOCALE));
  });

  oddInput(LOCALE, { blank: ['　 \n', '！！！？？？', '。。。'], long: '很好吃。'.repeat(2_500), longLabel: 'positive', emojiOnly: [['😊😊😊', 'positive']] });
});
