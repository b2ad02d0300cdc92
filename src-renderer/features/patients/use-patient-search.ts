import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../lib/use-api.js';

/** As-you-type: waits for a short pause in typing, and only the newest answer is shown. */
export function usePatientSearch(text: string) {
  const [query, setQuery] = useState(text.trim());
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 120);
    return () => clearTimeout(timer);
  }, [text]);
  const result = useApiQuery(query ? () => api.patients.search({ query, limit: 30 }) : null, [query]);
  return { query, result };
}
