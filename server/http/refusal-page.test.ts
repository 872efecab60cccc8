import { describe, expect, it } from 'vitest';
import { refusalPage } from './refusal-page';

describe('the refusal page', () => {
  it('has a language, landmarks, a heading, the reason as a sentence and a way back', () => {
    const html = refusalPage(403, 'the instructor dashboard opens only from the instructor URL the lab server printed');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<header>');
    expect(html).toContain('<main id="main">');
    expect(html).toContain('<h1>This page is not open to you</h1>');
    expect(html).toContain('>The instructor dashboard opens only from the instructor URL the lab server printed.</p>');
    expect(html).toContain('<a href="/">Back to the lessons</a>');
  });

  it('escapes the reason', () => {
    const html = refusalPage(401, 'bad <script>"x"</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Bad &#60;script&#62;&#34;x&#34;&#60;/script&#62;.');
  });
});
