import { describe, expect, it } from 'vitest';
import { fold, foldSlow, titleCaseName } from './text';

describe('fold', () => {
  it('folds Vietnamese names in NFC and NFD, any case', () => {
    expect(fold('Nguyễn Thị Hoa')).toBe('nguyen thi hoa');
    expect(fold('Nguyễn Thị Hoa'.normalize('NFD'))).toBe('nguyen thi hoa');
    expect(fold('ĐẶNG VĂN ĐỨC')).toBe('dang van duc');
  });

  it('agrees with the definition on every Latin and Vietnamese letter and on mixed scripts', () => {
    const samples: string[] = [];
    for (let c = 0; c < 0x250; c++) samples.push(String.fromCharCode(c));
    for (let c = 0x1e00; c < 0x1f00; c++) samples.push(String.fromCharCode(c));
    samples.push('Trương Thị Mỹ Ánh', 'Hồ Xuân Hương'.normalize('NFD'), 'İstanbul', 'Σίσυφος', '東京 Hà Nội', 'Ngô\u0301', 'a\u1dc4b', 'Ω mega');
    for (const s of samples) expect(fold(s), JSON.stringify(s)).toBe(foldSlow(s));
  });
});

describe('titleCaseName', () => {
  it('capitalizes each word, single spaces, NFC', () => {
    expect(titleCaseName('  nguyễn   THỊ hoa ')).toBe('Nguyễn Thị Hoa');
    expect(titleCaseName('ĐẶNG văn đức'.normalize('NFD'))).toBe('Đặng Văn Đức');
  });
});
