import { useQuery } from '@tanstack/react-query';
import { fetchMyJobs, isJobActive, jobKeys } from '../../kernel/jobs';

/** My jobs, refreshed every second while any is queued or running. */
export function useMyJobs() {
  return useQuery({
    queryKey: jobKeys.mine,
    queryFn: fetchMyJobs,
    refetchInterval: (q) => (q.state.data?.some(isJobActive) ? 1000 : false),
  });
}
