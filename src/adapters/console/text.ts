/**
 * A `Reply` as readable plain text for a terminal: title, decision line, text, facts, bullets, charts (alt text and files),
 * buttons (with the command each runs), the dashboard link and the footnotes.
 */
import type { Reply } from '../../reply/reply.ts';
import { textBesideDecision } from '../conversation.ts';
import type { ReplyJson } from './files.ts';

export function formatReplyText(reply: Reply | ReplyJson, imageDir?: string): string {
  // The decision line first, as the chat channels show it (the bullets leave out the claim it states), then the
  // text it does not already say.
  const rest = textBesideDecision(reply);
  const lines: string[] = [reply.title, '='.repeat(Math.min(reply.title.length, 100)), ...(reply.decision ? [reply.decision] : []), ...(rest ? [rest] : [])];
  if (reply.facts && reply.facts.length > 0) {
    lines.push('', ...reply.facts.map((f) => `  ${f.label}: ${f.value}`));
  }
  if (reply.bullets.length > 0) lines.push('', ...reply.bullets.map((b) => `  • ${b}`));
  if (reply.images.length > 0) {
    lines.push('', 'Charts:');
    for (const img of reply.images) {
      const file = 'file' in img && imageDir ? ` → ${imageDir}/${img.file}` : '';
      lines.push(`  [${img.title}] ${img.alt}${file}`);
    }
  }
  const buttons = reply.actions.filter((a) => a.kind === 'command');
  if (buttons.length > 0) {
    lines.push('', 'Next:');
    const width = Math.max(...buttons.map((a) => a.label.length)) + 2;
    for (const a of buttons) if (a.kind === 'command') lines.push(`  ${a.label.padEnd(width)}${a.command}`);
  }
  if (reply.dashboardUrl) lines.push('', `Dashboard: ${reply.dashboardUrl}`);
  if (reply.footnotes.length > 0) lines.push('', ...reply.footnotes.map((f) => `  ${f}`));
  return lines.join('\n');
}
