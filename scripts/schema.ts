// Writes schemas/survey.schema.json from the zod schema. `npm run schema` after changing
// src/core/script/schema.ts; the test suite fails while the file is out of date.
import { writeFile } from 'node:fs/promises';
import { surveyJsonSchema } from '../src/scripts/surveyJsonSchema.js';

const target = new URL('../schemas/survey.schema.json', import.meta.url);
await writeFile(target, surveyJsonSchema());
console.log(`wrote ${target.pathname}`);
