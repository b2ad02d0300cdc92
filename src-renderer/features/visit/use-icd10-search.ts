import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../lib/use-api.js';

/** ICD-10 search as the doctor types a code (J06) or Russian words (острый бронх): a short pause, newest answer only. */
export function useIcd10Search(text: string) {
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  return { query, result: useApiQuery(query.length >= 2 ? () => api.icd10.search({ query, limit: 12 }) : null, [query]) };
}
