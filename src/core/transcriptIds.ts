/**
 * Ids of a survey's lines on a case transcript. The case is first written from the stored
 * answers and then fed turn by turn from the chat; both name a question and its answer the same
 * way, so a line is kept once whichever wrote it first.
 */
export function transcriptIds(responseId: string) {
  return {
    intro: `intro:${responseId}`,
    question: (questionId: string) => `q:${responseId}:${questionId}`,
    answer: (questionId: string) => `a:${responseId}:${questionId}`,
    ending: `end:${responseId}`,
  };
}
