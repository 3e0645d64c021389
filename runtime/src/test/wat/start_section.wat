;; Has a start section that loops for ever: it must be metered too.
(module
  (func $init (loop $l (br $l)))
  (start $init)
  (func (export "_start")))
