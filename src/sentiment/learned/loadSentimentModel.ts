import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ModelLanguage, SentimentModel } from './SentimentModel.js';

/** The committed models, found from the source tree. The built server is one file in dist/, where
 * this relative path means nothing: it is given config's `sentimentModelsDir` instead. */
export const MODELS_DIR = new URL('../../../models/sentiment/', import.meta.url);

/** Where a language's model is in a directory (a URL, or a path as config gives it). */
export function modelFile(language: ModelLanguage, dir: URL | string = MODELS_DIR): URL {
  return new URL(`${language}.json`, typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir);
}

/** A model file (written by `npm run train:sentiment`). */
export function loadSentimentModel(language: ModelLanguage, dir: URL | string = MODELS_DIR): SentimentModel {
  const file = modelFile(language, dir);
  const model = JSON.parse(readFileSync(file, 'utf8')) as SentimentModel;
  if (model.language !== language || !Array.isArray(model.bias) || typeof model.weights !== 'object') throw new Error(`${file.pathname} is not a ${language} sentiment model`);
  return model;
}
