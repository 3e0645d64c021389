;; Hostile: asks for 2,000 pages (125 MiB) up front.
(module
  (memory 2000)
  (func (export "_start")))
