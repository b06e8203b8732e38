// The category editor's form: what it sends, and which field a mistake is shown at (before anything is sent).
import { describe, expect, it } from 'vitest';
import { categoryBody, checkCategory, choiceKey, emptyField, parseChoices, toCategoryForm } from './categoryForm.ts';

const valid = () => ({ ...toCategoryForm(null), code: 'beleuchtung', name: 'Beleuchtung' });

describe('category form', () => {
  it('sends a new category with its numbers, keywords and no key when none was typed', () => {
    const body = categoryBody({ ...valid(), resolutionHours: '24', firstResponseHours: '', keywords: 'Laterne, Licht,,' });
    expect(body).toMatchObject({ code: 'beleuchtung', resolutionHours: 24, firstResponseHours: null, keywords: ['Laterne', 'Licht'], departmentId: null });
    expect(body).not.toHaveProperty('forwardApiKey');
    expect(checkCategory(valid())).toEqual({});
  });

  it('reads choices as "Name" or "key=Name" lines', () => {
    expect(parseChoices('Sperrmüll\n\n glas=Glascontainer voll \nWilder Müll')).toEqual([
      { key: 'sperrmuell', name: 'Sperrmüll' },
      { key: 'glas', name: 'Glascontainer voll' },
      { key: 'wilder_muell', name: 'Wilder Müll' },
    ]);
    expect(choiceKey('Größe (m²)')).toBe('groesse_m2');
  });

  it('shows mistakes at their field: code, hours, a choice field without choices, duplicate field codes, the URL', () => {
    const field = { ...emptyField(), code: 'art', label: 'Art', datatype: 'singlevaluelist' as const };
    const errors = checkCategory({
      ...valid(),
      code: 'Bad Code',
      resolutionHours: 'zwei',
      forwardUrl: 'ftp://x',
      fields: [field, { ...emptyField(), code: 'art', label: 'Art 2' }],
    });
    expect(errors).toMatchObject({ code: 'code', resolutionHours: 'hours', 'fields.0.values': 'choices', fields: 'fieldCodesUnique', forwardUrl: 'url' });
    expect(checkCategory({ ...valid(), fields: [{ ...emptyField(), code: '1x', label: '' }] })).toMatchObject({
      'fields.0.code': 'fieldCode',
      'fields.0.label': 'required',
    });
  });

  it('turns a stored category back into the form, choices as key=Name lines', () => {
    const form = toCategoryForm({
      id: '0b8e5c1e-4a7b-4c3e-9d52-1f2a3b4c5d6e',
      code: 'muell',
      name: 'Müll',
      description: '',
      groupName: 'Sauberkeit',
      departmentId: null,
      departmentName: null,
      resolutionHours: 72,
      firstResponseHours: 8,
      autoReply: '',
      fields: [{ code: 'art', datatype: 'singlevaluelist', label: 'Art', required: true, values: [{ key: 'sperr', name: 'Sperrmüll' }] }],
      keywords: ['Abfall'],
      active: true,
      position: 3,
      forwardUrl: null,
      forwardServiceCode: null,
      forwardJurisdictionId: null,
      forwardApiKeySet: true,
      openReports: 0,
      createdAt: '2026-11-30T10:00:00.000Z',
      updatedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(form).toMatchObject({ resolutionHours: '72', firstResponseHours: '8', keywords: 'Abfall', position: '3', forwardApiKey: '' });
    expect(form.fields[0].values).toBe('sperr=Sperrmüll');
    expect(checkCategory(form)).toEqual({});
  });
});
