import { readFileSync } from 'node:fs';
import type { ModelLanguage } from './SentimentModel.js';

export interface LabelledAnswer {
  text: string;
  label: string;
}

export const DATA_DIR = new URL('../../../data/sentiment/', import.meta.url);
export const FILE_LOCALE: Record<ModelLanguage, string> = { en: 'en', es: 'es', zh: 'zh-CN' };

/** The team's own labelled answers (data/sentiment/answers.<locale>.jsonl). */
export function readLabelledAnswers(language: ModelLanguage, dir: URL = DATA_DIR): LabelledAnswer[] {
  return readFileSync(new URL(`answers.${FILE_LOCALE[language]}.jsonl`, dir), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const { text, label } = JSON.parse(line) as LabelledAnswer;
      return { text, label };
    });
}
