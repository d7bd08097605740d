/** The widget imports its stylesheet as text (for its Shadow DOM); the staff app imports CSS for
 * esbuild to bundle beside it. */
declare module '*.css' {
  const text: string;
  export default text;
}
