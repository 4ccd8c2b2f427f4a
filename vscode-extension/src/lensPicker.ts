/**
 * Palette commands act like the lens the user would have clicked: they ask the
 * server for the active file's code lenses and offer those naming `command`.
 */

import * as vscode from 'vscode';
import { CodeLensRequest } from 'vscode-languageclient/node';
import type { Session } from './client';

export interface LensChoice<T> {
  label: string;
  description: string;
  args: T;
}

/** The arguments of the chosen lens; `undefined` if the user cancelled. Throws when there is none. */
export async function pickLens<T>(
  session: Session,
  command: string,
  what: string,
  describe: (args: T) => Omit<LensChoice<T>, 'args'>,
): Promise<T | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId !== 'wit') throw new Error(`open the .wit file of the ${what} first`);
  const client = session.runningClient();
  const lenses = (await client.sendRequest(CodeLensRequest.type, { textDocument: { uri: editor.document.uri.toString() } })) ?? [];
  const found = lenses.flatMap((l) => (l.command?.command === command ? (l.command.arguments ?? []) : [])) as T[];
  if (found.length === 0) throw new Error(`the server offers no ${what} in ${vscode.workspace.asRelativePath(editor.document.uri)}`);
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((args) => ({ ...describe(args), args })),
    { title: `Pick the ${what}` },
  );
  return picked?.args;
}
