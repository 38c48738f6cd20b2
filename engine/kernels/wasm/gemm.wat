;; The three matrix products of the engine: c[m×n] (+)= A·B where A(i, p) and B(p, j) are read
;; through byte strides, so one blocked driver serves gemm (A·B), gemm_nt (A·Bᵀ) and
;; gemm_tn (Aᵀ·B). All operands are row-major float32 in the imported memory; pointers and
;; strides are in bytes. Callers guarantee m, n, k ≥ 1.
;;
;; The scheme is GotoBLAS's, sized for small layers: the k dimension is cut into blocks of KC,
;; the rows of A into blocks of MC. Each A block is packed into 4-row micro-panels and each
;; 8-column slice of B into a kc×8 micro-panel, both zero-padded to full tiles. The
;; micro-kernel then keeps a 4×8 tile of C in eight f32x4 registers and streams both panels
;; sequentially whatever the layout of the operands, which is what makes the transposed forms
;; as fast as the plain one. A B micro-panel (KC·8·4 = 8 KiB) stays in L1 while it meets every
;; A micro-panel of the block (MC·KC·4 = 128 KiB, in L2).
;;
;; Entries of C computed from a padded row or column are discarded, and every kept entry sums
;; exactly the real products, so NaN and Infinity propagate as in a naive loop.
;;
;; build-wasm.mjs also derives a relaxed-SIMD variant from this file by rewriting every
;; `(f32x4.add (local.get $c) (f32x4.mul (local.get $x) (local.get $y)))` into
;; f32x4.relaxed_madd (a fused multiply-add where the CPU has one): keep that exact form.
(module
  (import "env" "memory" (memory 1))

  ;; At most KC values of k and MC rows of A per block: see the cache argument above.
  (global $KC i32 (i32.const 256))
  (global $MC i32 (i32.const 128))

  ;; Scratch the caller reserves (at a 16-byte aligned address): the packed A block, the packed
  ;; B micro-panel, and one 4×8 tile for the edges of C.
  (func (export "scratch_bytes") (result i32)
    (i32.add
      (i32.mul (i32.mul (global.get $MC) (global.get $KC)) (i32.const 4))
      (i32.add (i32.mul (global.get $KC) (i32.const 32)) (i32.const 128))))

  (func $min (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.lt_u (local.get $x) (local.get $y))))

  (func $ceil_div (param $x i32) (param $y i32) (result i32)
    (i32.div_u (i32.add (local.get $x) (i32.sub (local.get $y) (i32.const 1))) (local.get $y)))

  ;; Writes the transpose of the 4×4 block whose row r starts at src + r·src_stride (4
  ;; contiguous floats) as 4 vectors at dst + q·dst_stride.
  (func $transpose4x4 (param $src i32) (param $src_stride i32) (param $dst i32) (param $dst_stride i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $r0 (v128.load (local.get $src)))
    (local.set $r1 (v128.load (i32.add (local.get $src) (local.get $src_stride))))
    (local.set $r2 (v128.load (i32.add (local.get $src) (i32.shl (local.get $src_stride) (i32.const 1)))))
    (local.set $r3 (v128.load (i32.add (local.get $src) (i32.mul (local.get $src_stride) (i32.const 3)))))
    ;; t0 = r0[0] r1[0] r0[1] r1[1], t1 = r0[2] r1[2] r0[3] r1[3], t2 and t3 likewise for r2, r3.
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (v128.store (local.get $dst)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
    (v128.store (i32.add (local.get $dst) (local.get $dst_stride))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
    (v128.store (i32.add (local.get $dst) (i32.shl (local.get $dst_stride) (i32.const 1)))
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
    (v128.store (i32.add (local.get $dst) (i32.mul (local.get $dst_stride) (i32.const 3)))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3))))

  ;; The general packer and the tail of the fast ones: for p in [p_start, kc) and lane r in
  ;; [0, width), dst[p·width + r] = src(r, p) when r < lanes, else 0, where src(r, p) sits at
  ;; src + r·lane_stride + p·k_stride.
  (func $pack_scalar
    (param $src i32) (param $lane_stride i32) (param $k_stride i32) (param $lanes i32)
    (param $width i32) (param $kc i32) (param $p_start i32) (param $dst i32)
    (local $p i32) (local $r i32) (local $out i32)
    (local.set $p (local.get $p_start))
    (local.set $out (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $p) (local.get $width)) (i32.const 2))))
    (block $done
      (loop $each_p
        (br_if $done (i32.ge_u (local.get $p) (local.get $kc)))
        (local.set $r (i32.const 0))
        (loop $each_lane
          (f32.store (local.get $out)
            (if (result f32) (i32.lt_u (local.get $r) (local.get $lanes))
              (then
                (f32.load (i32.add (local.get $src)
                  (i32.add (i32.mul (local.get $r) (local.get $lane_stride))
                           (i32.mul (local.get $p) (local.get $k_stride))))))
              (else (f32.const 0))))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $each_lane (i32.lt_u (local.get $r) (local.get $width))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p))))

  ;; Packs rows [0, rows) × k [0, kc) of A, with A(i, p) at src + i·row_stride + p·k_stride, into
  ;; 4-row micro-panels: micro-panel t holds A(4t + r, p) at dst + (t·kc·4 + p·4 + r)·4.
  (func $pack_a
    (param $src i32) (param $row_stride i32) (param $k_stride i32)
    (param $rows i32) (param $kc i32) (param $dst i32)
    (local $ir i32) (local $lanes i32) (local $s i32) (local $d i32) (local $p i32) (local $packed i32)
    (loop $each_panel
      (local.set $lanes (call $min (i32.const 4) (i32.sub (local.get $rows) (local.get $ir))))
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $ir) (local.get $row_stride))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2))))
      (local.set $packed (i32.const 0))
      (if (i32.eq (local.get $lanes) (i32.const 4))
        (then
          (if (i32.eq (local.get $row_stride) (i32.const 4))
            (then
              ;; Aᵀ stored: the 4 rows of one k are already contiguous.
              (local.set $p (i32.const 0))
              (loop $each_p
                (v128.store
                  (i32.add (local.get $d) (i32.shl (local.get $p) (i32.const 4)))
                  (v128.load (i32.add (local.get $s) (i32.mul (local.get $p) (local.get $k_stride)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br_if $each_p (i32.lt_u (local.get $p) (local.get $kc))))
              (local.set $packed (local.get $kc)))
            (else
              (if (i32.eq (local.get $k_stride) (i32.const 4))
                (then
                  ;; A stored row-major: transpose 4×4 blocks.
                  (local.set $packed (i32.and (local.get $kc) (i32.const -4)))
                  (local.set $p (i32.const 0))
                  (block $blocks_done
                    (loop $each_block
                      (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $packed)))
                      (call $transpose4x4
                        (i32.add (local.get $s) (i32.shl (local.get $p) (i32.const 2)))
                        (local.get $row_stride)
                        (i32.add (local.get $d) (i32.shl (local.get $p) (i32.const 4)))
                        (i32.const 16))
                      (local.set $p (i32.add (local.get $p) (i32.const 4)))
                      (br $each_block)))))))))
      (call $pack_scalar (local.get $s) (local.get $row_stride) (local.get $k_stride) (local.get $lanes)
        (i32.const 4) (local.get $kc) (local.get $packed) (local.get $d))
      (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
      (br_if $each_panel (i32.lt_u (local.get $ir) (local.get $rows)))))

  ;; Packs columns [0, cols) × k [0, kc) of B, with B(p, j) at src + p·k_stride + j·col_stride,
  ;; into one micro-panel: B(p, j) at dst + (p·8 + j)·4.
  (func $pack_b
    (param $src i32) (param $k_stride i32) (param $col_stride i32)
    (param $cols i32) (param $kc i32) (param $dst i32)
    (local $p i32) (local $s i32) (local $packed i32)
    (if (i32.eq (local.get $cols) (i32.const 8))
      (then
        (if (i32.eq (local.get $col_stride) (i32.const 4))
          (then
            ;; B stored row-major: the 8 columns of one k are contiguous.
            (loop $each_p
              (local.set $s (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $k_stride))))
              (v128.store (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 5)))
                (v128.load (local.get $s)))
              (v128.store offset=16 (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 5)))
                (v128.load offset=16 (local.get $s)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $each_p (i32.lt_u (local.get $p) (local.get $kc))))
            (local.set $packed (local.get $kc)))
          (else
            (if (i32.eq (local.get $k_stride) (i32.const 4))
              (then
                ;; Bᵀ stored: transpose two 4×4 blocks per 4 values of k.
                (local.set $packed (i32.and (local.get $kc) (i32.const -4)))
                (block $blocks_done
                  (loop $each_block
                    (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $packed)))
                    (local.set $s (i32.add (local.get $src) (i32.shl (local.get $p) (i32.const 2))))
                    (call $transpose4x4 (local.get $s) (local.get $col_stride)
                      (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 5)))
                      (i32.const 32))
                    (call $transpose4x4
                      (i32.add (local.get $s) (i32.shl (local.get $col_stride) (i32.const 2)))
                      (local.get $col_stride)
                      (i32.add (local.get $dst) (i32.add (i32.shl (local.get $p) (i32.const 5)) (i32.const 16)))
                      (i32.const 32))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (br $each_block)))))))))
    (call $pack_scalar (local.get $src) (local.get $col_stride) (local.get $k_stride) (local.get $cols)
      (i32.const 8) (local.get $kc) (local.get $packed) (local.get $dst)))

  ;; c (+)= the product of a packed 4-row A micro-panel and a packed 8-column B micro-panel over
  ;; kc ≥ 1 values of k; rows of c are ldc bytes apart. The loop is deliberately not unrolled:
  ;; V8's TurboFan hoists every load of an unrolled body to its top and spills accumulators to
  ;; the stack; unrolled by 4 this kernel ran at half the speed.
  (func $tile4x8
    (param $kc i32) (param $ap i32) (param $bp i32) (param $c i32) (param $ldc i32) (param $accumulate i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $b_end i32)
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (if (local.get $accumulate)
      (then
        (local.set $c00 (v128.load (local.get $c)))
        (local.set $c01 (v128.load offset=16 (local.get $c)))
        (local.set $c10 (v128.load (local.get $c1)))
        (local.set $c11 (v128.load offset=16 (local.get $c1)))
        (local.set $c20 (v128.load (local.get $c2)))
        (local.set $c21 (v128.load offset=16 (local.get $c2)))
        (local.set $c30 (v128.load (local.get $c3)))
        (local.set $c31 (v128.load offset=16 (local.get $c3)))))
    (local.set $b_end (i32.add (local.get $bp) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $each_k
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $each_k (i32.lt_u (local.get $bp) (local.get $b_end))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  ;; Moves rows [0, rows) × columns [0, cols) of a 4×8 tile into c (+)=, for the edges of C.
  (func $store_edge
    (param $tile i32) (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $accumulate i32)
    (local $r i32) (local $j i32) (local $from i32) (local $to i32)
    (loop $each_row
      (local.set $from (i32.add (local.get $tile) (i32.shl (local.get $r) (i32.const 5))))
      (local.set $to (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (local.set $j (i32.const 0))
      (loop $each_col
        (f32.store (local.get $to)
          (if (result f32) (local.get $accumulate)
            (then (f32.add (f32.load (local.get $to)) (f32.load (local.get $from))))
            (else (f32.load (local.get $from)))))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $each_col (i32.lt_u (local.get $j) (local.get $cols))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $each_row (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; c[m×n] (+)= A·B with A(i, p) at a + i·a_row + p·a_k and B(p, j) at b + p·b_k + j·b_col.
  (func $blocked
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32)
    (param $accumulate i32) (param $scratch i32)
    (param $a_row i32) (param $a_k i32) (param $b_k i32) (param $b_col i32)
    (local $a_pack i32) (local $b_pack i32) (local $tile i32) (local $ldc i32)
    (local $kc_step i32) (local $mc_step i32)
    (local $pc i32) (local $kc i32) (local $add_to_c i32)
    (local $ic i32) (local $mc i32) (local $jc i32) (local $nc i32) (local $ir i32) (local $c_tile i32)
    (local.set $a_pack (local.get $scratch))
    (local.set $b_pack (i32.add (local.get $a_pack)
      (i32.shl (i32.mul (global.get $MC) (global.get $KC)) (i32.const 2))))
    (local.set $tile (i32.add (local.get $b_pack) (i32.shl (global.get $KC) (i32.const 5))))
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    ;; Blocks of equal size rather than full ones and a runt: k = 784 runs as 4×196, not
    ;; 3×256 + 16, and row blocks stay multiples of 4 so that only the last has an edge tile.
    (local.set $kc_step (call $ceil_div (local.get $k) (call $ceil_div (local.get $k) (global.get $KC))))
    (local.set $mc_step (i32.and (i32.add (call $ceil_div (local.get $m) (call $ceil_div (local.get $m) (global.get $MC)))
                                          (i32.const 3))
                                 (i32.const -4)))
    (loop $each_k_block
      (local.set $kc (call $min (local.get $kc_step) (i32.sub (local.get $k) (local.get $pc))))
      ;; Later k blocks add to what the earlier ones wrote.
      (local.set $add_to_c (i32.or (local.get $accumulate) (i32.ne (local.get $pc) (i32.const 0))))
      (local.set $ic (i32.const 0))
      (loop $each_row_block
        (local.set $mc (call $min (local.get $mc_step) (i32.sub (local.get $m) (local.get $ic))))
        (call $pack_a
          (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $a_row))
                                           (i32.mul (local.get $pc) (local.get $a_k))))
          (local.get $a_row) (local.get $a_k) (local.get $mc) (local.get $kc)
          (local.get $a_pack))
        (local.set $jc (i32.const 0))
        (loop $each_col_panel
          (local.set $nc (call $min (i32.const 8) (i32.sub (local.get $n) (local.get $jc))))
          (call $pack_b
            (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $b_k))
                                             (i32.mul (local.get $jc) (local.get $b_col))))
            (local.get $b_k) (local.get $b_col) (local.get $nc) (local.get $kc)
            (local.get $b_pack))
          (local.set $ir (i32.const 0))
          (loop $each_row_panel
            (local.set $c_tile (i32.add (local.get $c)
              (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                       (i32.shl (local.get $jc) (i32.const 2)))))
            (if (i32.and (i32.eq (local.get $nc) (i32.const 8))
                         (i32.le_u (i32.add (local.get $ir) (i32.const 4)) (local.get $mc)))
              (then
                (call $tile4x8 (local.get $kc)
                  (i32.add (local.get $a_pack) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                  (local.get $b_pack) (local.get $c_tile) (local.get $ldc) (local.get $add_to_c)))
              (else
                (call $tile4x8 (local.get $kc)
                  (i32.add (local.get $a_pack) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
                  (local.get $b_pack) (local.get $tile) (i32.const 32) (i32.const 0))
                (call $store_edge (local.get $tile) (local.get $c_tile) (local.get $ldc)
                  (call $min (i32.const 4) (i32.sub (local.get $mc) (local.get $ir)))
                  (local.get $nc) (local.get $add_to_c))))
            (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
            (br_if $each_row_panel (i32.lt_u (local.get $ir) (local.get $mc))))
          (local.set $jc (i32.add (local.get $jc) (i32.const 8)))
          (br_if $each_col_panel (i32.lt_u (local.get $jc) (local.get $n))))
        (local.set $ic (i32.add (local.get $ic) (local.get $mc_step)))
        (br_if $each_row_block (i32.lt_u (local.get $ic) (local.get $m))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc_step)))
      (br_if $each_k_block (i32.lt_u (local.get $pc) (local.get $k)))))

  ;; c[m×n] (+)= a[m×k] · b[k×n]
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32)
    (param $accumulate i32) (param $scratch i32)
    (call $blocked (local.get $m) (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $c)
      (local.get $accumulate) (local.get $scratch)
      (i32.shl (local.get $k) (i32.const 2)) (i32.const 4)
      (i32.shl (local.get $n) (i32.const 2)) (i32.const 4)))

  ;; c[m×n] (+)= a[m×k] · b[n×k]ᵀ
  (func (export "gemm_nt")
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32)
    (param $accumulate i32) (param $scratch i32)
    (call $blocked (local.get $m) (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $c)
      (local.get $accumulate) (local.get $scratch)
      (i32.shl (local.get $k) (i32.const 2)) (i32.const 4)
      (i32.const 4) (i32.shl (local.get $k) (i32.const 2))))

  ;; c[m×n] (+)= a[k×m]ᵀ · b[k×n]
  (func (export "gemm_tn")
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32)
    (param $accumulate i32) (param $scratch i32)
    (call $blocked (local.get $m) (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $c)
      (local.get $accumulate) (local.get $scratch)
      (i32.const 4) (i32.shl (local.get $m) (i32.const 2))
      (i32.shl (local.get $n) (i32.const 2)) (i32.const 4))))
