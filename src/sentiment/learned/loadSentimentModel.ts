import { readFileSync } from 'node:fs';
import type { ModelLanguage, SentimentModel } from './SentimentModel.js';

export const MODELS_DIR = new URL('../models/', import.meta.url);

/** A committed model file (written by `npm run train:sentiment`). */
export function loadSentimentModel(language: ModelLanguage, dir: URL = MODELS_DIR): SentimentModel {
  return JSON.parse(readFileSync(new URL(`${language}.json`, dir), 'utf8')) as SentimentModel;
}
