/** The classes a learned model tells apart, in the order of its weights. */
export const CLASSES = ['negative', 'neutral', 'positive', 'mixed'] as const;
export type LearnedLabel = (typeof CLASSES)[number];
export type ModelLanguage = 'en' | 'es' | 'zh';

/** Figures on one part of our own data, computed by the shipped (rounded) model. */
export interface HeldOutFigures {
  answers: number;
  accuracy: number;
  negativeRecall: number;
  /** Share of the positive answers that the model labels negative (a happy customer escalated). */
  positiveAsNegative: number;
}

/** A model file (models/sentiment/<lang>.json): multinomial logistic regression. */
export interface SentimentModel {
  language: ModelLanguage;
  classes: readonly LearnedLabel[];
  /** Where it was trained from, and how much of each part was used. */
  sources: string[];
  split: { train: number; dev: number; test: number; extra: number };
  hyperparameters: { l2: number; iterations: number; minDocs: number; extraWeight: number };
  /** Logits are divided by it before the softmax (fitted on dev). */
  temperature: number;
  /** Below this calibrated confidence the product labels an answer "unsure" (chosen on dev). */
  unsureBelow: number;
  figures: { dev: HeldOutFigures; test: HeldOutFigures };
  bias: number[];
  /** Feature name -> one weight per class. */
  weights: Record<string, number[]>;
}
