;; Hostile: loops for ever.
(module
  (func (export "_start") (loop $l (br $l))))
