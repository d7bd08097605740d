/** The faces of a 1–5 "faces" rating, worst first: index n - 1 is the face for n. */
export const FACES: readonly string[] = ['😡', '😞', '😐', '🙂', '😍'];
