import type { TFunction } from '../../../kernel/i18n';

export const KINDS = ['feedback', 'petition', 'complaint', 'denunciation'] as const;
export const STATUSES = ['received', 'accepted', 'in_progress', 'answered', 'closed', 'reopened'] as const;
export const STATUS_COLORS: Record<string, string> = { received: 'blue', accepted: 'geekblue', in_progress: 'gold', answered: 'green', closed: 'default', reopened: 'volcano' };
export const kindText = (t: TFunction, k: string) => t(`petitions.kind.${k}`);
export const statusText = (t: TFunction, s: string) => t(`petitions.status.${s}`);
export const channelText = (t: TFunction, c: string) => t(`petitions.channel.${c}`);
export const actionText = (t: TFunction, a: string) => t(`petitions.action.${a}`);
