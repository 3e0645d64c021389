;; Hostile: imports a host function the sandbox does not provide.
(module
  (import "env" "open_socket" (func $open (param i32) (result i32)))
  (func (export "_start") (drop (call $open (i32.const 80)))))
