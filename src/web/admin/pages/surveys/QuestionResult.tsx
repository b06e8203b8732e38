// One question's results: a chart and, beside it, a table with the same numbers (caption, header cells with scope);
// the mean of a rating, the average place of a ranking; free-text answers with search and "mehr laden".
import type { ReactNode } from 'react';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { useI18n } from '../../i18n.tsx';
import { FreeTextAnswers } from './FreeTextAnswers.tsx';
import { type Bar, ResultChart } from './ResultChart.tsx';
import type { SurveyQuestion, SurveyQuestionResult } from './types.ts';

interface Row {
  key: string;
  label: string;
  count: number;
  share: number;
}

type RankRow = NonNullable<SurveyQuestionResult['ranking']>[number];

interface Props {
  slug: string;
  surveyId: string;
  /** Its place in the survey, from 1. */
  number: number;
  result: SurveyQuestionResult;
  /** The question as written (the end labels of a rating scale). */
  question?: SurveyQuestion;
}

export function QuestionResult({ slug, surveyId, number, result: r, question }: Props) {
  const { t, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 });
  const headingId = `result-${r.questionId}`;
  const countColumns: Column<Row>[] = [
    { key: 'label', header: t('surveys.res.answer'), rowHeader: true, cell: (x) => x.label },
    { key: 'count', header: t('surveys.res.count'), className: 'num', cell: (x) => x.count },
    { key: 'share', header: t('surveys.res.share'), className: 'num', cell: (x) => percent.format(x.share) },
  ];
  const caption = t('surveys.res.caption', { title: r.title });

  let body: ReactNode = null;
  if (r.kind === 'rating' && r.rating) {
    const labelOf = (value: number) => {
      const end = value === r.rating?.min ? question?.minLabel : value === r.rating?.max ? question?.maxLabel : null;
      return end ? `${value} (${end})` : String(value);
    };
    const rows: Row[] = r.rating.distribution.map((d) => ({ key: String(d.value), label: labelOf(d.value), count: d.count, share: d.share }));
    body = (
      <>
        <p data-testid="result-mean">
          {r.rating.mean === null
            ? t('surveys.res.noMean')
            : t('surveys.res.mean', { mean: decimal.format(r.rating.mean), min: r.rating.min, max: r.rating.max })}
        </p>
        <Pair rows={rows} columns={countColumns} caption={caption} axis={t('surveys.res.count')} summary={summaryOf(rows, r.title, t)} />
      </>
    );
  } else if (r.kind === 'ranking' && r.ranking) {
    const rankColumns: Column<RankRow>[] = [
      { key: 'label', header: t('surveys.res.option'), rowHeader: true, cell: (x) => x.label },
      {
        key: 'avg',
        header: t('surveys.res.averagePlace'),
        className: 'num',
        cell: (x) => (x.averagePosition === null ? '–' : decimal.format(x.averagePosition)),
      },
      { key: 'first', header: t('surveys.res.firstPlaces'), className: 'num', cell: (x) => x.firstPlaces },
    ];
    const bars: Bar[] = r.ranking.map((x) => ({ label: x.label, value: x.averagePosition ?? 0 }));
    body = (
      <div className="result-pair">
        <ResultChart
          bars={bars}
          integer={false}
          axisLabel={t('surveys.res.averagePlace')}
          summary={t('surveys.res.rankingSummary', { title: r.title, first: r.ranking[0]?.label ?? '–' })}
          testId="result-chart"
        />
        <DataTable caption={caption} captionVisible columns={rankColumns} rows={r.ranking} rowKey={(x) => x.key} testId="result-table" />
      </div>
    );
  } else if (r.kind === 'text') {
    body = <FreeTextAnswers slug={slug} surveyId={surveyId} questionId={r.questionId} count={r.text?.count ?? r.answered} />;
  } else {
    const rows: Row[] = r.options;
    body = <Pair rows={rows} columns={countColumns} caption={caption} axis={t('surveys.res.count')} summary={summaryOf(rows, r.title, t)} />;
  }

  return (
    <section className="question-result" aria-labelledby={headingId} data-testid="question-result" data-kind={r.kind}>
      <h3 id={headingId}>
        {number}. {r.title}
      </h3>
      <p className="hint">
        {t(`surveys.kind.${r.kind}`)} · {t('surveys.res.answered', { count: r.answered })} · {t('surveys.res.skipped', { count: r.skipped })}
      </p>
      {body}
    </section>
  );
}

function summaryOf(rows: Row[], title: string, t: ReturnType<typeof useI18n>['t']): string {
  const top = [...rows].sort((a, b) => b.count - a.count)[0];
  return top ? t('surveys.res.summary', { title, top: top.label, count: top.count }) : t('surveys.res.summaryEmpty', { title });
}

function Pair({ rows, columns, caption, axis, summary }: { rows: Row[]; columns: Column<Row>[]; caption: string; axis: string; summary: string }) {
  return (
    <div className="result-pair">
      <ResultChart bars={rows.map((x) => ({ label: x.label, value: x.count }))} axisLabel={axis} summary={summary} testId="result-chart" />
      <DataTable caption={caption} captionVisible columns={columns} rows={rows} rowKey={(x) => x.key} testId="result-table" />
    </div>
  );
}
