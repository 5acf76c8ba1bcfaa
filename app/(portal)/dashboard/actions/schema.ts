import { z } from "zod";

export const adminAcknowledgementSchema = z.object({
  note: z
    .string()
    .trim()
    .min(1, "Enter a note.")
    .max(500, "Keep the note under 500 characters."),
});

export type AdminAcknowledgementInput = z.infer<
  typeof adminAcknowledgementSchema
>;
