import { Tag } from 'antd';
import { useT } from '../../kernel/i18n';

export function RoleTagPlain({ role }: { role: string }) {
  const t = useT();
  return <Tag color={role === 'admin' ? 'red' : 'blue'}>{t(`role.${role}`)}</Tag>;
}
