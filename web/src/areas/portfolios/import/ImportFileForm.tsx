import { useId, useState } from 'react';
import { ApiError } from '../../../api/client';
import type { ImportFile } from '../../../api/queries/imports';
import { Field, Form } from '../../../ui/Form';

interface ImportFileFormProps {
  /** The server's refusal of the file as a whole (400, 413); a refusal by rows is shown with the rows. */
  error: unknown;
  busy: boolean;
  onCheck: (input: ImportFile) => void;
  /** A different file or option: what was checked before no longer applies. */
  onChange: () => void;
}

const NO_FILE = new ApiError(0, 'NO_FILE', 'Choose a CSV or JSON file to check.', [
  { field: 'file', message: 'Choose a file' },
]);

/** The file to import and whether unknown symbols become new stocks; "Check file" runs the dry run. */
export function ImportFileForm({ error, busy, onCheck, onChange }: ImportFileFormProps) {
  const optionId = useId();
  const [local, setLocal] = useState<ApiError | null>(null);
  const submit = (values: FormData) => {
    const file = values.get('file');
    if (!(file instanceof File) || file.name === '') {
      setLocal(NO_FILE);
      return;
    }
    setLocal(null);
    onCheck({ file, createStocks: values.get('create_stocks') === 'on' });
  };
  return (
    <div className="card import-file">
      <Form onSubmit={submit} error={local ?? error} busy={busy} submitLabel="Check file" label="Import file">
        <Field
          label="File"
          name="file"
          also={['body']}
          hint="A CSV with a header row (Date, Symbol, Type, Quantity, Price, Fee, Amount, Ratio, Currency, Note) or Ghostfolio’s JSON export, up to 10 MB. Nothing is written until you choose “Import”."
        >
          {(control) => (
            <input
              {...control}
              type="file"
              accept=".csv,.json,text/csv,application/json"
              onChange={() => {
                setLocal(null);
                onChange();
              }}
            />
          )}
        </Field>
        <div className="import-option">
          <input
            id={optionId}
            name="create_stocks"
            type="checkbox"
            defaultChecked
            aria-describedby={`${optionId}-hint`}
            onChange={onChange}
          />
          <label htmlFor={optionId}>Create missing stocks</label>
          <p id={`${optionId}-hint`} className="hint">
            A symbol the catalog does not have yet becomes a new stock; unchecked, its rows are errors.
          </p>
        </div>
      </Form>
    </div>
  );
}
