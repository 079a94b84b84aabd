import { useState } from 'preact/hooks';
import { type Checklist, type ChecklistQuestion, checklistScores, parseChecklist, serializeChecklist } from '@/lib/annotations/checklist';
import type { Author } from '@/lib/annotations/types';
import { t } from '@/lib/i18n';
import { sendToBackground } from '@/lib/messaging/client';
import { ProtocolFailure } from '@/lib/messaging/protocol';
import { readDatabase } from '@/lib/store/reads';
import type { AnswerRecord, SessionRecord, TemplateRecord } from '@/lib/store/records';
import { useLiveQuery } from '../common/useAsync';
import type { Run } from '../common/useRun';
import { saveBlob } from '../sessions/download';
import { useAnswers } from './useWalk';

/** The walk's mystery-shopping checklist: answers per stage, scores, completion; or a template to use. */
export function ChecklistPanel({ session, author, run }: { session: SessionRecord; author: Author; run: Run }) {
  const answers = useAnswers(session.id) ?? [];
  const [notice, setNotice] = useState<string | null>(null);
  const checklist = session.checklist;
  if (!checklist) return <ChecklistTemplates session={session} run={run} />;
  const scores = checklistScores(checklist, answers, session.stages);
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer]));
  const stageName = (stageId: string | null) => (stageId ? (session.stages.find((stage) => stage.id === stageId)?.name ?? stageId) : t('wholeWalk'));
  const complete = async () => {
    setNotice(null);
    try {
      await sendToBackground('session/complete', { sessionId: session.id });
      setNotice(t('completeDone'));
    } catch (error) {
      if (error instanceof ProtocolFailure && error.error.code === 'checklist-incomplete') {
        setNotice(t('completeBlocked', { questions: error.error.message.split('\n').join(' · ') }));
      } else await run(() => Promise.reject(error));
    }
  };
  return (
    <div class="checklist">
      <h2>{t('checklistHeading', { name: checklist.name })}</h2>
      <p class="score" role="status">
        {scores.overall == null ? t('overallScoreNone') : t('overallScore', { score: scores.overall })}
      </p>
      {scores.perStage.map((group) => (
        <fieldset key={group.stageId ?? 'walk'} class="question-group">
          <legend>
            {stageName(group.stageId)}{' '}
            <span class="meta">
              {group.score == null
                ? t('stageScoreNone', { answered: group.answered, total: group.total })
                : t('stageScore', { score: group.score, answered: group.answered, total: group.total })}
            </span>
          </legend>
          {checklist.questions
            .filter(
              (question) => (question.stageId && session.stages.some((stage) => stage.id === question.stageId) ? question.stageId : null) === group.stageId,
            )
            .map((question) => (
              <Question key={question.id} session={session} question={question} answer={byQuestion.get(question.id)} author={author} run={run} />
            ))}
        </fieldset>
      ))}
      <button type="button" class="primary" disabled={session.status === 'recording' || session.status === 'paused'} onClick={() => void complete()}>
        {t('markComplete')}
      </button>
      {notice && (
        <p class="message" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}

function Question({
  session,
  question,
  answer,
  author,
  run,
}: {
  session: SessionRecord;
  question: ChecklistQuestion;
  answer: AnswerRecord | undefined;
  author: Author;
  run: Run;
}) {
  const [text, setText] = useState(typeof answer?.value === 'string' ? answer.value : '');
  const save = (value: AnswerRecord['value'], photo = false) =>
    run(() => sendToBackground('checklist/answer', { sessionId: session.id, questionId: question.id, value, author, photo }));
  const name = `q-${question.id}`;
  return (
    <div class="question" data-question-id={question.id}>
      <p id={`${name}-text`}>
        {question.text} {question.required && <span class="required">({t('questionRequired')})</span>}
      </p>
      {question.type === 'yes-no' && (
        <div role="radiogroup" aria-labelledby={`${name}-text`} class="row">
          <label class="inline">
            <input type="radio" name={name} checked={answer?.value === true} onChange={() => void save(true)} /> {t('answerYes')}
          </label>
          <label class="inline">
            <input type="radio" name={name} checked={answer?.value === false} onChange={() => void save(false)} /> {t('answerNo')}
          </label>
        </div>
      )}
      {question.type === 'score' && (
        <div role="radiogroup" aria-labelledby={`${name}-text`} class="row">
          {[1, 2, 3, 4, 5].map((score) => (
            <label class="inline" key={score}>
              <input type="radio" name={name} checked={answer?.value === score} aria-label={t('scoreLabel', { n: score })} onChange={() => void save(score)} />{' '}
              {score}
            </label>
          ))}
        </div>
      )}
      {question.type === 'text' && (
        <textarea
          aria-labelledby={`${name}-text`}
          rows={2}
          maxLength={10000}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
          onBlur={() => void save(text.trim() ? text : null)}
        />
      )}
      <div class="row">
        {answer && answer.value != null && (
          <button type="button" class="link" onClick={() => void save(null)}>
            {t('answerClear')}
          </button>
        )}
        {question.photo && (session.status === 'recording' || session.status === 'paused') && (
          <button type="button" onClick={() => void save(answer?.value ?? null, true)}>
            {t('answerPhoto')}
          </button>
        )}
        {answer?.photoScreenshotId && <span class="meta">{t('answerPhotoAttached')}</span>}
      </div>
    </div>
  );
}

/** Checklist templates: import from JSON, export, delete, or use one for this walk. */
function ChecklistTemplates({ session, run }: { session: SessionRecord; run: Run }) {
  const db = readDatabase();
  const templates = useLiveQuery(() => db.templates.where('kind').equals('checklist').toArray(), []) ?? [];
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const importFile = async (file: File) => {
    try {
      const checklist = parseChecklist(JSON.parse(await file.text()), () => crypto.randomUUID());
      const template: TemplateRecord = { id: checklist.id, kind: 'checklist', name: checklist.name, updatedAt: new Date().toISOString(), checklist };
      await sendToBackground('template/save', { template });
      setNotice({ ok: true, text: t('checklistImported', { name: checklist.name }) });
    } catch (error) {
      setNotice({ ok: false, text: t('checklistInvalid', { message: error instanceof Error ? error.message : String(error) }) });
    }
  };
  const use = (checklist: Checklist) => run(() => sendToBackground('checklist/set', { sessionId: session.id, checklist }));
  return (
    <div class="checklist-templates">
      <p class="hint">{t('checklistEmpty')}</p>
      <h2>{t('checklistTemplates')}</h2>
      <ul>
        {templates.map((template) =>
          template.kind === 'checklist' ? (
            <li key={template.id}>
              <strong>{template.name}</strong> <span class="meta">({template.checklist.questions.length})</span>
              <div class="actions">
                <button type="button" onClick={() => void use(template.checklist)}>
                  {t('checklistUse')}
                </button>
                <button
                  type="button"
                  onClick={() => saveBlob(new Blob([serializeChecklist(template.checklist)], { type: 'application/json' }), `${template.name}.checklist.json`)}
                >
                  {t('checklistExport')}
                </button>
                <button type="button" onClick={() => void run(() => sendToBackground('template/delete', { id: template.id }))}>
                  {t('checklistDelete')}
                </button>
              </div>
            </li>
          ) : null,
        )}
      </ul>
      <label>
        {t('checklistImport')}
        <input
          type="file"
          accept="application/json,.json"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void importFile(file);
            event.currentTarget.value = '';
          }}
        />
      </label>
      {notice && (
        <p class={notice.ok ? 'message' : 'message error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
