/**
 * Form helpers shared by every module:
 *  - `applyFieldErrors(form, err)` puts a 400's `details.fields[]` on the matching form items
 *    (`grants.0.unitId` → name `['grants', 0, 'unitId']`), and returns the messages that matched no item;
 *  - `useApiErrorHandler()` shows any error: field errors on the form, a 409 as "changed by someone
 *    else, reload" with a reload action, everything else as a message;
 *  - `useRememberedForm(key, form)` keeps the draft of a long form in localStorage until submitted.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Button } from 'antd';
import type { FormInstance } from 'antd';
import { errorMessage, isApiError } from './api';
import { useT } from './i18n';
import { useAuth } from './auth';

type NamePath = (string | number)[];

export function pathToName(path: string): NamePath {
  return path.split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Field errors onto the form. `known` limits which paths count as form items (by default any
 * path whose first segment is a registered field of the form); unmatched messages are returned.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, rename: Record<string, string> = {}): string[] {
  if (!isApiError(err)) return [];
  const registered = new Set([...Object.keys(form.getFieldsValue() ?? {}), ...Object.keys(form.getFieldsValue(true) ?? {})]);
  const unmatched: string[] = [];
  const fields: { name: NamePath; errors: string[] }[] = [];
  for (const f of err.fields) {
    const path = rename[f.path] ?? f.path;
    const name = pathToName(path);
    if (name.length > 0 && registered.has(String(name[0]))) {
      const existing = fields.find((x) => x.name.join('.') === name.join('.'));
      if (existing) existing.errors.push(f.message);
      else fields.push({ name, errors: [f.message] });
    } else unmatched.push(f.message);
  }
  if (fields.length) form.setFields(fields);
  return unmatched;
}

/** A 400's field messages in one line, each after its field's path when there are several. */
export function fieldMessages(err: unknown): string {
  if (!isApiError(err) || !err.fields.length) return errorMessage(err);
  const uniq = [...new Set(err.fields.map((f) => f.message))];
  return uniq.join(' ');
}

/** Returns `handle(err, { form, onReload })`: shows an API error the right way. */
export function useApiErrorHandler() {
  const { message, notification } = App.useApp();
  const t = useT();
  return useCallback((err: unknown, opts: { form?: FormInstance; onReload?: () => void; rename?: Record<string, string> } = {}) => {
    if (isApiError(err) && err.isConflict) {
      const key = `conflict-${Date.now()}`;
      notification.warning({
        key,
        title: t('error.conflict'),
        duration: 0,
        actions: opts.onReload ? (
          <Button type="primary" size="small" onClick={() => { notification.destroy(key); opts.onReload!(); }}>{t('common.reload')}</Button>
        ) : undefined,
      });
      return;
    }
    if (opts.form && isApiError(err) && err.fields.length) {
      const rest = applyFieldErrors(opts.form, err, opts.rename);
      message.error(rest.length ? rest.join(' ') : t('form.fixErrors'));
      return;
    }
    // No form to mark: the field messages themselves, never only "Dữ liệu không hợp lệ.".
    if (isApiError(err) && err.fields.length) {
      message.error(fieldMessages(err));
      return;
    }
    message.error(errorMessage(err));
  }, [message, notification, t]);
}

const DRAFT_PREFIX = 'dv.draft.';
const isSecret = (k: string) => /password|secret|token/i.test(k);

function strip(values: unknown, exclude: string[]): unknown {
  if (Array.isArray(values)) return values.map((v) => strip(v, exclude));
  if (values && typeof values === 'object' && !(values instanceof Date) && !('$d' in (values as object))) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (!isSecret(k) && !exclude.includes(k)) out[k] = strip(v, exclude);
    return out;
  }
  return values;
}

export type RememberedForm<T> = {
  /** Pass to `<Form initialValues>` (the defaults merged with the saved draft). */
  initialValues: Partial<T>;
  /** Pass to `<Form onValuesChange>`. */
  onValuesChange: (changed: unknown, all: T) => void;
  /** Call after a successful submit (or to discard the draft). */
  clear: () => void;
  /** Whether a draft was restored when the form opened. */
  restored: boolean;
};

/**
 * Keeps a long form's draft in localStorage (per user) until it is submitted, so a lost connection,
 * a closed tab or a phone call does not lose the typing. Passwords are never stored; dates
 * (dayjs values) are skipped too, pass `exclude` for other fields not worth keeping.
 *
 *   const [form] = Form.useForm<Input>();
 *   const draft = useRememberedForm('members.create', form, { defaults: { kind: 'body' } });
 *   <Form form={form} initialValues={draft.initialValues} onValuesChange={draft.onValuesChange}
 *         onFinish={async (v) => { await save(v); draft.clear(); }}>
 */
export function useRememberedForm<T extends object>(key: string, form: FormInstance<T>, opts: { defaults?: Partial<T>; exclude?: string[]; enabled?: boolean } = {}): RememberedForm<T> {
  const { me } = useAuth();
  const enabled = opts.enabled !== false;
  const storageKey = `${DRAFT_PREFIX}${me?.id ?? 'anon'}.${key}`;
  const exclude = opts.exclude ?? [];
  const [initial] = useState(() => {
    if (!enabled) return { values: opts.defaults ?? {}, restored: false };
    try {
      const raw = localStorage.getItem(storageKey);
      if (raw) return { values: { ...(opts.defaults ?? {}), ...JSON.parse(raw) }, restored: true };
    } catch { /* ignore a broken draft */ }
    return { values: opts.defaults ?? {}, restored: false };
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cleared = useRef(false);
  const pending = useRef<T | null>(null);
  const save = useCallback((all: T) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(strip(all, exclude)));
    } catch { /* storage full: the form still works */ }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey]);

  const onValuesChange = useCallback((_changed: unknown, all: T) => {
    if (!enabled) return;
    cleared.current = false;
    pending.current = all;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      pending.current = null;
      if (!cleared.current) save(all);
    }, 300);
  }, [save, enabled]);

  const clear = useCallback(() => {
    cleared.current = true;
    pending.current = null;
    if (timer.current) clearTimeout(timer.current);
    try { localStorage.removeItem(storageKey); } catch { /* ignore */ }
  }, [storageKey]);

  // Closing the form within the debounce still keeps the last keystrokes.
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
    if (pending.current && !cleared.current) save(pending.current);
  }, [save]);
  void form;
  return useMemo(() => ({ initialValues: initial.values as Partial<T>, onValuesChange, clear, restored: initial.restored }), [initial, onValuesChange, clear]);
}
