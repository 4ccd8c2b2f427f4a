(define-derived-mode wit-mode prog-mode "WIT"
  "Major mode for WIT, the WebAssembly Component Model's interface language."
  (setq-local comment-start "// ")
  (setq-local comment-end ""))
(add-to-list 'auto-mode-alist '("\\.wit\\'" . wit-mode))
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(wit-mode . ("wit-analyzer"))))
(add-hook 'wit-mode-hook #'eglot-ensure)
