import { afinnEnglish, negationsEnglish, stemEnglish } from '../naturalVocabularies.js';
import { once } from '../once.js';
import { wordMap, type LanguageRules } from './LanguageRules.js';

/** Words AFINN misses or weighs oddly for shop feedback (ours; MIT). */
const EXTRA: Record<string, number> = {
  slow: -2, late: -2, delayed: -2, broken: -3, broke: -2, damaged: -3, defective: -3, faulty: -3, missing: -2, wrong: -2, rude: -3,
  unhelpful: -2, overpriced: -2, expensive: -1, cheap: -1, flimsy: -2, leaks: -2, leaking: -2, cracked: -2, scratched: -2, stale: -2, cold: -1,
  refund: -1, return: -1, returned: -2, junk: -3, garbage: -3, useless: -3, unusable: -3, mediocre: -1, bland: -2, tasteless: -2, soggy: -2,
  fast: 2, quick: 2, quickly: 2, prompt: 2, friendly: 2, helpful: 2, polite: 2, sturdy: 2, reliable: 2, comfortable: 2, tasty: 3, delicious: 3,
  fresh: 2, affordable: 2, works: 1, worked: 1, recommend: 2, recommended: 2, perfectly: 3, flawless: 3, excellent: 3, superb: 3, pleased: 2,
  disappointing: -2, disappointed: -2, disappointment: -2, unreliable: -2, mess: -2, nightmare: -3, worst: -3, awful: -3, terrible: -3, horrible: -3,
  // Nouns AFINN scores as praise but customers use as plain topics ("the support line", "the quality is bad").
  support: 0, quality: 0, response: 0, please: 0,
  issue: -1, issues: -1, issued: 0, hassle: -2, meh: -1,
};

const PHRASES: Record<string, number> = {
  'never again': -3, 'waste of money': -3, 'waste of time': -3, 'not worth': -2.5, 'not worth it': -2.5, 'would not recommend': -3,
  "wouldn't recommend": -3, 'do not recommend': -3, "don't recommend": -3, 'cannot recommend': -3, "can't recommend": -3,
  'highly recommend': 3, 'would recommend': 2, 'five stars': 3, '5 stars': 3, 'one star': -3, '1 star': -3, 'no complaints': 2,
  'not bad': 1.5, 'stopped working': -3, 'fell apart': -3, 'does not work': -3, "doesn't work": -3, 'did not work': -3, "didn't work": -3,
  'not working': -3, 'poor quality': -3, 'good quality': 2, 'great value': 3, 'good value': 2, 'value for money': 1, 'well made': 2,
  'works great': 3, 'works well': 2, 'as described': 1, 'as expected': 1, 'on time': 1, 'took forever': -2, 'never arrived': -3,
  'never came': -3, 'still waiting': -2, 'money back': -2, 'ripped off': -3, 'rip off': -3, 'piece of junk': -3, 'piece of crap': -3,
  'love it': 3, 'loved it': 3, 'hate it': -3, 'hated it': -3, 'thumbs up': 2, 'thumbs down': -2, 'go wrong': -1, 'a joke': -2,
  // Customer-service complaints with no sentiment word in them.
  'hung up on me': -3, 'no response': -2, 'no reply': -2, 'never responded': -2, 'never replied': -2, 'never answered': -2,
  'nobody answered': -2, 'never called back': -2, 'never called me back': -2, 'never got back to me': -2, 'had to wait': -1.5,
  'on hold for': -1.5, 'too long': -2, 'took ages': -2, 'took weeks': -2, 'took months': -2, 'thanks for nothing': -2,
  // Lukewarm or backhanded verdicts.
  'could be better': -1, 'could have been better': -1, 'expected more': -1.5, 'not what i expected': -1.5, 'not as described': -2.5,
  'so so': -1, 'zero stars': -3, '0 stars': -3, 'does the job': 1.5, 'does the trick': 1.5,
  // Double negatives that mean praise or blame.
  "couldn't be happier": 3, 'could not be happier': 3, "couldn't be worse": -3, 'could not be worse': -3, "can't fault": 2,
  'cannot fault': 2, "couldn't fault": 2, "don't waste your money": -3, 'do not waste your money': -3, "don't waste your time": -3,
  'do not waste your time': -3, 'save your money': -2.5,
  // Coming back, and problems gone; a negator before them turns them ("will not order again").
  'buy again': 2, 'buying again': 2, 'order again': 2, 'ordering again': 2, 'be back': 1.5, 'problem solved': 2, 'issue resolved': 2,
  'no issues': 2, 'no hassle': 2, 'hassle free': 2, 'without any hassle': 2, 'without hassle': 2, 'refunded me': 1,
  // "quality" alone is neutral (above), so its usual adjectives carry the weight.
  "don't change a thing": 2, "wouldn't change a thing": 2, 'not a single problem': 2, 'not had a single problem': 2, 'never had a problem': 2,
  'never had any problems': 2, 'never had an issue': 2, 'nothing to improve': 2,
  'high quality': 2, 'great quality': 3, 'low quality': -2, 'bad quality': -3,
};

const RESOLUTIONS: Record<string, number> = {
  'sent a new one': 2, 'sent me a new one': 2, 'sent another': 2, 'sent me another': 2, 'sent a replacement': 2, 'sent me a replacement': 2,
  'sent out a replacement': 2, 'got a refund': 2, 'got my refund': 2, 'got my money back': 2, 'had my money back': 2, 'refund arrived': 2,
  'refund came through': 2, 'refunded me': 1, 'knocked off': 1.5, 'took care of it': 2, 'dealt with it': 2, 'sorted it out': 2, 'put it right': 2,
  'made it right': 2, 'swapped it': 2, 'replaced it': 2, 'fixed it': 2, 'sorted it': 2, 'no extra cost': 1.5, 'no extra charge': 1.5,
};

const DEGREE: Record<string, number> = {
  very: 1.5, really: 1.4, extremely: 1.8, so: 1.3, too: 1.3, super: 1.5, absolutely: 1.6, totally: 1.5, incredibly: 1.7, quite: 1.2,
  highly: 1.5, truly: 1.4, most: 1.3, completely: 1.5, utterly: 1.7, 'a bit': 0.6, 'a little': 0.6, slightly: 0.6, somewhat: 0.7,
  'kind of': 0.7, 'sort of': 0.7, fairly: 0.8, rather: 0.8, barely: 0.5, pretty: 1.2,
};

/** Built on first use (stemming every word takes a while): see naturalVocabularies.ts. */
export const english = once((): LanguageRules => {
  const words = wordMap({ ...afinnEnglish(), ...EXTRA });
  return {
    words,
    stem: stemEnglish,
    stemmedWords: new Map([...words].map(([w, v]) => [stemEnglish(w), v])),
    phrases: PHRASES,
    negators: new Set([...negationsEnglish(), "n't", 'nothing', 'nobody', 'nor', 'without', 'hardly', 'cannot', "can't", "won't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "couldn't", "wouldn't", "shouldn't", 'lack', 'lacks', 'lacking']),
    degree: DEGREE,
    contrast: new Set(['but', 'however', 'though', 'although', 'yet', 'except', 'unfortunately']),
    segmented: false,
    // Past forms only: "please fix the app" asks, it does not praise.
    resolvers: wordMap({ sorted: 2, solved: 2, fixed: 2, resolved: 2, repaired: 2, refunded: 2, replaced: 2, rebooked: 2, reshipped: 2, resent: 2, reimbursed: 2, credited: 2 }),
    resolutions: RESOLUTIONS,
    troubles: new Set(['problem', 'problems', 'issue', 'issues', 'mistake', 'error', 'trouble', 'glitch', 'mix-up', 'mixup']),
  };
});
