/**
 * The one numeric input of the web app. It reads what people type the way their language writes
 * numbers ("150.000.000", "1,5" in Vietnamese; "150,000,000", "1.5" in English) with the shared
 * parser (common/numbers), shows the value grouped once the field is left, and refuses what is
 * ambiguous or malformed with a message — it never keeps a shortened number.
 *
 * `onChange` receives the number, `null` for an empty field, or — while the text is not a valid
 * number — the text itself: a form then holds no stale number, the page can refuse to send it
 * (`isInvalidNumber`), and the server refuses it with the same message.
 */
import { useContext, useEffect, useRef, useState, type Context, type CSSProperties, type ReactNode } from 'react';
import { Form, Input, Tooltip, Typography } from 'antd';
import { formatNumberText, numberErrorMessage, parseNumber, type NumberKind, type NumberParse } from '../../common/numbers';
import { useI18n } from './i18n';

export type NumberValue = number | string | null | undefined;

// The enclosing Form.Item's status, read without Form.Item.useStatus (which warns outside a Form.Item, as filters are):
// when the item already shows an error (a rule, the server's 400), ours steps aside.
const ItemContext = (Form.Item.useStatus as unknown as { Context?: Context<{ status?: string }> }).Context;
const useItemStatus: () => string | undefined = ItemContext ? () => useContext(ItemContext).status : () => undefined;

/** A field value typed but not a number (see `onChange`). */
export const isInvalidNumber = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export type NumberInputProps = {
  kind?: NumberKind;
  min?: number;
  max?: number;
  maxFractionDigits?: number;
  /** Thousands grouping when shown (off for years and codes). */
  grouping?: boolean;
  value?: NumberValue;
  onChange?: (value: number | null | string) => void;
  /** Only valid numbers (and null): for filters, which simply keep their last good value. */
  onValue?: (value: number | null) => void;
  onBlur?: () => void;
  onPressEnter?: () => void;
  disabled?: boolean;
  placeholder?: string;
  prefix?: ReactNode;
  suffix?: ReactNode;
  style?: CSSProperties;
  id?: string;
  size?: 'small' | 'middle' | 'large';
  /** Inside a Space.Compact or a toolbar: the refusal shows as a tooltip, not as a line under the field. */
  compact?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
};

export function NumberInput(props: NumberInputProps) {
  const { kind = 'signed', min, max, maxFractionDigits, grouping = true, value, onChange, onValue, disabled } = props;
  const { lang } = useI18n();
  const show = (n: number) => formatNumberText(n, lang, undefined, grouping);
  const textOf = (v: NumberValue) => (typeof v === 'number' ? show(v) : typeof v === 'string' ? v : '');
  const [text, setText] = useState(() => textOf(value));
  const [focused, setFocused] = useState(false);
  // What this input last handed out: a value prop equal to it is our own echo, anything else comes from outside.
  const emitted = useRef<NumberValue>(value);
  const itemStatus = useItemStatus();

  useEffect(() => {
    if (Object.is(value, emitted.current) || (value == null && emitted.current == null)) return;
    emitted.current = value;
    setText(textOf(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  // A language switch rewrites a valid number the new language's way.
  const langRef = useRef(lang);
  useEffect(() => {
    if (langRef.current === lang) return;
    langRef.current = lang;
    if (typeof emitted.current === 'number') setText(show(emitted.current));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  const parse = (s: string): NumberParse => parseNumber(s, lang, { kind, min, max, maxFractionDigits });
  const result = parse(text);
  const error = !result.ok ? numberErrorMessage(result, lang) : null;
  // While typing, "150." is on its way to "150.000": the message waits until the field is left.
  const showError = error !== null && !focused;

  const change = (s: string) => {
    setText(s);
    const r = parse(s);
    const next = r.ok ? r.value : s;
    emitted.current = next;
    onChange?.(next);
    if (r.ok) onValue?.(r.value);
  };

  const message = showError && itemStatus !== 'error' ? error : null;
  const testId = props['data-testid'] ? `${props['data-testid']}-error` : undefined;
  const input = (
    <Input
      id={props.id}
      value={text}
      disabled={disabled}
      placeholder={props.placeholder}
      prefix={props.prefix}
      suffix={props.suffix}
      size={props.size}
      style={props.style}
      inputMode={kind === 'integer' || kind === 'signed' ? 'text' : 'decimal'}
      autoComplete="off"
      status={showError ? 'error' : undefined}
      aria-invalid={error !== null || undefined}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      onChange={(e) => change(e.target.value)}
      onFocus={() => setFocused(true)}
      onBlur={() => {
        setFocused(false);
        // Left with a valid number: show it grouped, as it is stored.
        if (result.ok && result.value !== null) setText(show(result.value));
        props.onBlur?.();
      }}
      onPressEnter={props.onPressEnter}
    />
  );
  if (props.compact) return <Tooltip open={message !== null} title={<span role="alert" data-testid={testId}>{message}</span>} placement="bottomLeft">{input}</Tooltip>;
  return (
    <>
      {input}
      {message ? (
        <Typography.Text type="danger" role="alert" style={{ display: 'block', fontSize: 12, maxWidth: props.style?.maxWidth ?? 360 }} data-testid={testId}>
          {message}
        </Typography.Text>
      ) : null}
    </>
  );
}
