/** The path of `addAttachment`, whose request body the spec types as something no client can send. */
export type AttachmentsPath = '/rest/api/3/issue/{issueIdOrKey}/attachments';

/**
 * Paths with one correction: `addAttachment` takes a `FormData` with a field `file` (the spec says
 * `MultipartFile[]`). For path types that contain `addAttachment`.
 */
export type WithFormDataAttachments<Paths extends { [P in AttachmentsPath]: { post: object } }> = Omit<
  Paths,
  AttachmentsPath
> & {
  [P in AttachmentsPath]: Omit<Paths[P], 'post'> & {
    post: Omit<Paths[P]['post'], 'requestBody'> & {
      requestBody: { content: { 'multipart/form-data': FormData } };
    };
  };
};
