/** Channel-neutral things to show; each channel draws them its own way (buttons, blocks, text). */
export interface ButtonOption {
  value: string;
  label: string;
}

export type Prompt =
  | {
      kind: 'rating';
      min: number;
      max: number;
      display: 'numbers' | 'stars' | 'faces';
      minLabel?: string;
      maxLabel?: string;
    }
  /** submitLabel: the button that sends the options ticked in a multiple choice. */
  | { kind: 'choice'; multiple: boolean; options: ButtonOption[]; submitLabel?: string }
  | { kind: 'yesno'; options: ButtonOption[] }
  | { kind: 'text'; maxLength: number };

export type Output =
  | {
      type: 'message';
      text: string;
      /** On the message that ends a survey: how it ended, and the label of the "talk to a person"
       * action a channel may offer in place of its text box. */
      end?: { status: 'completed' | 'opted_out' | 'expired'; help: string };
    }
  | {
      type: 'question';
      questionId: string;
      text: string;
      prompt: Prompt;
      /** A short line on how to answer, e.g. "1 = Very dissatisfied · 5 = Very satisfied". */
      legend?: string;
      /** Present when the question may be skipped: the Skip button's label. */
      skipLabel?: string;
      /** True when asked again after an answer that was not understood. */
      reask: boolean;
    };
