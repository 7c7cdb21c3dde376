import { z } from 'zod';

/** The zod schema both structured-output steps ask for: a book record. */
export const bookSchema = z.object({
  title: z.string().describe('The book title'),
  author: z.string().describe('The author, full name'),
  year: z.number().int().describe('Year of first publication'),
  genres: z.array(z.string()).describe('One or more genres'),
});

/** A value of {@link bookSchema}. */
export type Book = z.infer<typeof bookSchema>;

/** The prompt of both structured-output steps: an extraction task. */
export const BOOK_PROMPT =
  'Extract the book: title "The Master and Margarita", author "Mikhail Bulgakov", year 1967, genres "novel" and "satire".';
