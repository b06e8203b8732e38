import { describe, expect, it } from 'vitest';
import { renderCanned, unknownCannedVariables } from './canned.ts';

describe('canned responses shared by console and server', () => {
  const vars = { name: 'Erika Mustermann', gemeinde: 'Musterstadt', betreff: 'Straßenlaterne', mitarbeiter: 'Max Beispiel' };

  it('fills every known variable, also repeated and with spaces inside the braces', () => {
    expect(renderCanned('Guten Tag {{name}}, Ihre Nachricht „{{ betreff }}“ an {{gemeinde}} ist da. {{name}}! – {{mitarbeiter}}', vars)).toBe(
      'Guten Tag Erika Mustermann, Ihre Nachricht „Straßenlaterne“ an Musterstadt ist da. Erika Mustermann! – Max Beispiel',
    );
    expect(renderCanned('{{Name}}', vars)).toBe('Erika Mustermann');
  });

  it('leaves unknown variables and known ones without a value visible', () => {
    expect(renderCanned('Hallo {{vorname}} aus {{gemeinde}}', vars)).toBe('Hallo {{vorname}} aus Musterstadt');
    expect(renderCanned('Hallo {{name}}', { gemeinde: 'X' })).toBe('Hallo {{name}}');
    expect(renderCanned('{{ }} {name} {{{gemeinde}}}', vars)).toBe('{{ }} {name} {Musterstadt}');
    expect(unknownCannedVariables('{{vorname}} {{name}} {{vorname}} {{ort}}')).toEqual(['vorname', 'ort']);
  });

  it('never evaluates anything: values and bodies are inserted literally', () => {
    expect(renderCanned('{{name}}', { name: '$& $1 {{gemeinde}}' })).toBe('$& $1 {{gemeinde}}');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a clerk may type this; it must stay text
    expect(renderCanned('{{constructor}} {{__proto__}} ${1+1} {{name.constructor}}', vars)).toBe('{{constructor}} {{__proto__}} ${1+1} {{name.constructor}}');
    expect(renderCanned('{{name}}', { name: '<script>alert(1)</script>' })).toBe('<script>alert(1)</script>');
    // An extra value that is not a canned variable is not used.
    expect(renderCanned('{{ort}}', { ort: 'Berlin' })).toBe('{{ort}}');
  });
});
