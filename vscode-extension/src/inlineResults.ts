/**
 * Shows a run's outcome at the end of the function's line, like
 * `→ "Hello, world!"  0.04 ms`, until the document is next edited.
 */

import * as vscode from 'vscode';

export class InlineResults implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    isWholeLine: true,
  });
  /** Per document URI: what is shown, so it comes back when the editor is reopened. */
  private readonly shown = new Map<string, vscode.DecorationOptions[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.shown.delete(e.document.uri.toString())) this.render(e.document.uri);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => {
        for (const uri of this.shown.keys()) this.render(vscode.Uri.parse(uri));
      }),
    ];
  }

  show(uri: vscode.Uri, line: number, text: string): void {
    const key = uri.toString();
    const others = (this.shown.get(key) ?? []).filter((d) => d.range.start.line !== line);
    const range = new vscode.Range(line, 0, line, 0);
    this.shown.set(key, [...others, { range, renderOptions: { after: { contentText: text } } }]);
    this.render(uri);
  }

  /** Takes away what is shown on `line` of `uri`. */
  clear(uri: vscode.Uri, line: number): void {
    const key = uri.toString();
    const kept = (this.shown.get(key) ?? []).filter((d) => d.range.start.line !== line);
    if (kept.length === 0) this.shown.delete(key);
    else this.shown.set(key, kept);
    this.render(uri);
  }

  private render(uri: vscode.Uri): void {
    const options = this.shown.get(uri.toString()) ?? [];
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) editor.setDecorations(this.decoration, options);
    }
  }

  dispose(): void {
    this.decoration.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
