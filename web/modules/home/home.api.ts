import { useQuery } from '@tanstack/react-query';
import type { Today } from '../../../common/home';
import { api } from '../../kernel/api';
import { useAuth } from '../../kernel/auth';
import { useI18n } from '../../kernel/i18n';

export type { Today, TodayEntry } from '../../../common/home';

/** My work for today, from every module, titled in the interface language. */
export function useToday() {
  const { me } = useAuth();
  const { lang } = useI18n();
  return useQuery({ queryKey: ['today', me?.id ?? 0, lang], queryFn: () => api.get<Today>('/me/today'), enabled: !!me, staleTime: 30_000 });
}
