;; Exercises every kind of control flow the fuel counting rule distinguishes: blocks left by running into
;; their end and by branches, if with and without else (both arms), loops and their back edges, br_if taken
;; and not, br_table, br to the function's own label, return in the middle, calls, indirect calls, select,
;; memory and a host call. Writes an 8-byte checksum on stdout and exits through proc_exit(0).
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $acc (mut i32) (i32.const 7))
  (table 2 funcref)
  (elem (i32.const 0) $add $mul)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  ;; classify n: br_table over blocks, if/else, early return
  (func $classify (param $n i32) (result i32)
    (block $other
      (block $two
        (block $one
          (block $zero
            (br_table $zero $one $two $other (i32.rem_u (local.get $n) (i32.const 5))))
          (return (i32.const 10)))
        (br $other))
      (if (i32.and (local.get $n) (i32.const 1))
        (then (return (i32.const 30)))
        (else (nop))))
    (if (result i32) (i32.gt_u (local.get $n) (i32.const 50))
      (then (i32.const 40))
      (else (i32.add (local.get $n) (i32.const 1)))))

  ;; sum with a loop, br_if back edge, nested block left by br_if
  (func $sum (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $skip
          (br_if $skip (i32.eqz (i32.rem_u (local.get $i) (i32.const 3))))
          (local.set $s (i32.add (local.get $s) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  ;; br to the function label from inside a block
  (func $early (param $n i32) (result i32)
    (block
      (drop (br_if 1 (i32.const 99) (i32.lt_u (local.get $n) (i32.const 20))))
      (nop))
    (select (i32.const 1) (i32.const 2) (i32.and (local.get $n) (i32.const 1))))

  ;; if without else, the condition both ways
  (func $maybe (param $n i32)
    (if (i32.and (local.get $n) (i32.const 2))
      (then (global.set $acc (i32.add (global.get $acc) (i32.const 3))))))

  (func (export "_start") (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (call $classify (local.get $i)))
      (local.set $x (i32.add (local.get $x) (call $sum (local.get $i))))
      (local.set $x (i32.add (local.get $x) (call $early (local.get $i))))
      (call $maybe (local.get $i))
      (local.set $x (call_indirect (type $binop) (local.get $x) (global.get $acc) (i32.and (local.get $i) (i32.const 1))))
      (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (local.get $x)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
    (i32.store (i32.const 68) (global.get $acc))
    ;; iovec at 0: 8 bytes from 64
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (call $proc_exit (i32.const 0))
    (unreachable))
)
