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

/** The multipart body every client can send: a `FormData`. */
interface FormDataBody {
  requestBody: { content: { 'multipart/form-data': FormData } };
}

/**
 * Paths whose operations `Methods` on `Path` take a `FormData` body. The specs type multipart bodies as objects of
 * binary strings (Confluence's attachments) or `MultipartFile[]` (Service Management's temporary files), which
 * openapi-fetch would send as JSON.
 */
export type WithFormData<Paths, Path extends keyof Paths, Methods extends keyof Paths[Path]> = Omit<
  Paths,
  Path
> & {
  [P in Path]: Omit<Paths[P], Methods> & {
    [M in Methods]: Omit<NonNullable<Paths[P][M]>, 'requestBody'> & FormDataBody;
  };
};
