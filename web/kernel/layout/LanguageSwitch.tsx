import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LANGS, useI18n, type Lang } from '../i18n';
import { useSwitchLanguage } from '../auth';

/** VI / EN: switches at once; saved in localStorage and in the profile (at login when chosen signed out). */
export function LanguageSwitch({ compact }: { compact?: boolean }) {
  const { lang, t } = useI18n();
  const choose = useSwitchLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: LANGS.map((l) => ({ key: l, label: t(`lang.${l}`) })),
        onClick: ({ key }) => choose(key as Lang),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('layout.language')} data-testid="lang-switch">
        {compact ? lang.toUpperCase() : t(`lang.${lang}`)}
      </Button>
    </Dropdown>
  );
}
