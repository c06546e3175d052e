// django.core.files.uploadedfile: what request.FILES holds, kept apart so that serializer fields
// can recognise a file without bundling the multipart parser.

/** A file from a multipart body, as request.FILES holds it. */
export class UploadedFile {
  constructor(
    readonly fieldName: string,
    /** The sanitised file name: what str() of the file gives in Python. */
    readonly name: string,
    readonly contentType: string,
    readonly charset: string | null,
    readonly content: Buffer,
    /** type(file).__name__, as DRF's 'Incorrect type' messages name it. */
    readonly pyType: 'InMemoryUploadedFile' | 'TemporaryUploadedFile',
  ) {}
}
