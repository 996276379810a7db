/**
 * Invitation texts to paste into an e-mail or a chat, in the reader's language: one for the
 * meeting (title, time, link, code and passcode) and one for a personal invitation, which names the
 * person, gives their own link and says it must not be passed on. A personal invitation carries no
 * passcode: the personal link is the way in, and a meeting that requires personal links would not
 * accept the passcode anyway.
 */

import { t } from '../i18n.js';
import { describeWhen } from './schedule.js';

function hostName(meeting) {
  const owner = meeting.owner || {};
  return owner.displayName || owner.username || meeting.organisationName || '';
}

function common(meeting) {
  const lines = [t('meetings.invitation.title', { title: meeting.title })];
  const when = describeWhen(meeting);
  if (when) {
    lines.push(t('meetings.invitation.when', { when }));
  }
  if (meeting.durationMinutes && meeting.kind !== 'PERSONAL') {
    lines.push(t('meetings.invitation.duration', { minutes: meeting.durationMinutes }));
  }
  return lines;
}

/** The invitation to the meeting itself: anyone who has it may ask to enter. */
export function meetingInvitation(meeting) {
  const lines = [t('meetings.invitation.intro', { host: hostName(meeting), org: meeting.organisationName || '' }), ''];
  lines.push(...common(meeting), '');
  if (meeting.link) {
    lines.push(t('meetings.invitation.link'), meeting.link, '');
  }
  lines.push(t('meetings.invitation.code', { code: meeting.code }));
  if (meeting.passcode) {
    lines.push(t('meetings.invitation.passcode', { passcode: meeting.passcode }));
  }
  lines.push(t(meeting.passcode ? 'meetings.invitation.joinAt' : 'meetings.invitation.joinAtNoPasscode', { url: meeting.joinUrl || '' }));
  if (meeting.settings && meeting.settings.waitingRoom) {
    lines.push('', t('meetings.invitation.waitingRoom'));
  }
  return lines.join('\n');
}

/** The invitation for one invited person: their own link, which enters under their name. */
export function personalInvitation(meeting, invite) {
  const lines = [
    t('meetings.invitation.personalIntro', { person: invite.name, host: hostName(meeting), org: meeting.organisationName || '' }),
    '',
    ...common(meeting),
    '',
    t('meetings.invitation.personalLink'),
    invite.link || '',
    '',
    t('meetings.invitation.personalWarning', { person: invite.name }),
  ];
  return lines.join('\n');
}
