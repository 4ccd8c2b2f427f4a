/**
 * A server command with a Cancel button. The request carries a work-done
 * token of ours; the server reports the build's lines on it and stops the
 * build or the guest when `window/workDoneProgress/cancel` names it. A
 * command that is done quickly (most runs) never shows the notification:
 * it appears only once `notifyAfterMs` have passed.
 */

import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, WorkDoneProgressCancelNotification } from 'vscode-languageclient/node';
import type { Session } from './client';

let next = 0;

export async function executeWithCancel<T>(session: Session, command: string, args: unknown[], title: string, notifyAfterMs: number): Promise<T> {
  const client = session.runningClient();
  const token = `wit-analyzer/${process.pid}/${++next}`;
  let latest: string | undefined;
  let report: ((message: string) => void) | undefined;
  const listening = client.onProgress(WorkDoneProgress.type, token, (value) => {
    if (value.kind === 'end' || value.message === undefined) return;
    latest = value.message;
    report?.(value.message);
  });
  const request = client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken: token }) as Promise<T>;
  let done = false;
  const settled = request.then(
    () => (done = true),
    () => (done = true),
  );
  try {
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, notifyAfterMs))]);
    if (!done) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
        report = (message) => progress.report({ message });
        if (latest !== undefined) report(latest);
        cancel.onCancellationRequested(() => void client.sendNotification(WorkDoneProgressCancelNotification.type, { token }));
        await settled;
      });
    }
    return await request;
  } finally {
    listening.dispose();
  }
}
