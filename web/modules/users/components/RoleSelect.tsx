import { Select, Tag } from 'antd';
import { ROLE_CODES, type RoleCode } from '../../../../common/core';
import { useAuth } from '../../../kernel/auth';
import { useT } from '../../../kernel/i18n';

/** Roles the current user may hand out (only an admin creates admins). */
export function RoleSelect(props: { value?: RoleCode; onChange?: (r: RoleCode) => void; id?: string }) {
  const t = useT();
  const { me } = useAuth();
  const roles = ROLE_CODES.filter((r) => r !== 'admin' || me?.isAdmin);
  return (
    <Select
      {...props}
      placeholder={t('users.grant.role')}
      options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      popupMatchSelectWidth={false}
    />
  );
}

export function RoleTag({ role }: { role: RoleCode }) {
  const t = useT();
  const color = role === 'admin' ? 'red' : role === 'unit_admin' ? 'volcano' : role === 'supervisor' ? 'purple' : role === 'officer' ? 'blue' : 'default';
  return <Tag color={color}>{t(`role.${role}`)}</Tag>;
}
