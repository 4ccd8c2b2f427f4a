;;; attach.el --- Emacs + eglot as a real client of wit-analyzer  -*- lexical-binding: t -*-

;; Run by run.sh in `emacs --batch' after it has loaded wit-analyzer.el, the
;; setup that README.md shows.  Opens the broken store.wit of a copy of
;; wit-samples/wit, waits for eglot to connect and for the server's
;; diagnostic to reach flymake, then jumps to a definition in another file.
;; Exits 0 on success; on failure prints why and exits 1.

(require 'cl-lib)
(require 'xref)

(defconst wit-test-root (file-name-as-directory (getenv "WIT_ROOT")))
(defconst wit-test-timeout 30.0 "Seconds to wait for any one server answer.")

(defun wit-test-fail (format-string &rest args)
  (message "emacs test failed: %s" (apply #'format format-string args))
  (let ((server (ignore-errors (eglot-current-server))))
    (when server
      (message "--- eglot events ---\n%s"
               (with-current-buffer (jsonrpc-events-buffer server)
                 (buffer-substring-no-properties
                  (max (point-min) (- (point-max) 4000)) (point-max))))))
  (kill-emacs 1))

(defun wit-test-wait-for (what predicate)
  "Process server output until PREDICATE holds; fail naming WHAT after the timeout."
  (let ((deadline (+ (float-time) wit-test-timeout)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (wit-test-fail "no %s within %.0f s" what wit-test-timeout))
      (accept-process-output nil 0.05))))

(defun wit-test-finish-command ()
  "Run what Emacs runs after every interactive command.
eglot-ensure connects, and flymake starts checking, from `post-command-hook';
batch mode has no command loop, so the test plays its part."
  (run-hooks 'post-command-hook))

(defun wit-test-goto (line text)
  "Put point on the first occurrence of TEXT on LINE (1-based)."
  (goto-char (point-min))
  (forward-line (1- line))
  (unless (search-forward text (line-end-position) t)
    (wit-test-fail "fixture changed: no `%s' on line %d of %s" text line (buffer-file-name)))
  (goto-char (match-beginning 0)))

(find-file (expand-file-name "store.wit" wit-test-root))
(unless (eq major-mode 'wit-mode)
  (wit-test-fail "store.wit opened in %s, not wit-mode" major-mode))
(wit-test-finish-command)
(wit-test-wait-for "eglot connection" #'eglot-managed-p)
(wit-test-finish-command)

;; run.sh broke line 13: `list<strin>'.
(wit-test-wait-for "flymake diagnostics" #'flymake-diagnostics)
(let ((diagnostics (flymake-diagnostics)))
  (unless (= (length diagnostics) 1)
    (wit-test-fail "expected one diagnostic, got %S"
                   (mapcar #'flymake-diagnostic-text diagnostics)))
  (let* ((diagnostic (car diagnostics))
         (line (line-number-at-pos (flymake-diagnostic-beg diagnostic)))
         (text (flymake-diagnostic-text diagnostic)))
    (unless (and (= line 13) (string-match-p "strin" text))
      (wit-test-fail "expected a diagnostic about `strin' on line 13, got line %d: %s" line text))))

;; `entry' in `get: func(key: string) -> option<entry>' is the record of types.wit.
(wit-test-goto 10 "entry")
(let ((identifier (xref-backend-identifier-at-point (xref-find-backend))))
  (xref-find-definitions identifier))
(let ((landed (file-name-nondirectory (or (buffer-file-name) (buffer-name))))
      (line (line-number-at-pos))
      (column (current-column)))
  (unless (and (equal landed "types.wit") (= line 16) (= column 9))
    (wit-test-fail "definition landed at %s:%d:%d, expected types.wit:16:10"
                   landed line (1+ column))))

(message "emacs test passed: eglot connected, flymake shows the server's error, definition jumped to types.wit:16:10")
(kill-emacs 0)
