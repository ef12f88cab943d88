import { useState } from 'react';
import { ApiError } from '../../api/client';
import { Field, Form } from '../../ui/Form';

const NO_FILE = new ApiError(0, 'NO_FILE', 'Choose a household file to import.', [
  { field: 'file', message: 'Choose a file' },
]);

interface ImportHouseholdFormProps {
  error: unknown;
  busy: boolean;
  onImport: (file: File) => void;
}

/** "Import household": a file made by "Export household", loaded into this still empty household. */
export function ImportHouseholdForm({ error, busy, onImport }: ImportHouseholdFormProps) {
  const [local, setLocal] = useState<ApiError | null>(null);
  const submit = (values: FormData) => {
    const file = values.get('file');
    if (!(file instanceof File) || file.name === '') {
      setLocal(NO_FILE);
      return;
    }
    setLocal(null);
    onImport(file);
  };
  return (
    <Form onSubmit={submit} error={local ?? error} busy={busy} submitLabel="Import household" label="Import household">
      <Field
        label="Household file"
        name="file"
        also={['body']}
        hint="A StockBook household file (JSON). Its stocks, prices, exchange rates, portfolios, trades, balances, targets and journal are loaded; members are not."
      >
        {(control) => (
          <input {...control} type="file" accept=".json,application/json" onChange={() => setLocal(null)} />
        )}
      </Field>
    </Form>
  );
}
