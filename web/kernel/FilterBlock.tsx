/**
 * A list page's filters. On a phone (under 768 px) they fold behind one "Bộ lọc (n)" button, so the
 * first screen shows the list, not the filters; `always` (the search box, usually) stays visible.
 * On a wider screen everything shows as before.
 *
 *   <FilterBlock active={activeCount} always={<Input.Search … />}>…selects…</FilterBlock>
 */
import { useState, type ReactNode } from 'react';
import { Badge, Button, Grid } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useT } from './i18n';

export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measure antd reports nothing: treat that as a wide screen only when md is known.
  return screens.md === false;
}

export function FilterBlock({ children, always, active = 0, testId }: { children: ReactNode; always?: ReactNode; active?: number; testId?: string }) {
  const t = useT();
  const phone = usePhone();
  const [open, setOpen] = useState(false);
  if (!phone) return <>{always}{children}</>;
  return (
    <div className="dv-filter-block" data-testid={testId}>
      <div className="dv-filter-bar">
        {always ? <div className="dv-grow">{always}</div> : null}
        <Badge count={active} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="filter-toggle">
            {open ? t('filters.hide') : t('filters.show')}
          </Button>
        </Badge>
      </div>
      {open ? <div className="dv-filter-body">{children}</div> : null}
    </div>
  );
}
