;; A library, not a command: no _start.
(module (func (export "main")))
