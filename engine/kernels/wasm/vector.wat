;; The element-wise operations and per-feature reductions of the engine, in WebAssembly SIMD.
;; Operands are float32 arrays in the imported memory (byte pointers, element counts); the
;; float64 statistics of BatchNorm live there too. Except for `sigmoid`, every function computes
;; exactly what the TypeScript reference in ts.ts computes, bit for bit:
;;
;; * float32 operands are widened to float64, every expression is evaluated in float64 in the
;;   reference's order and rounded to float32 once (JavaScript's arithmetic on Float32Array
;;   elements). A single addition of two float32 values is done in float32 directly: rounding it
;;   through float64 gives the same float32 (53 ≥ 2·24 + 2).
;; * reductions keep one float64 accumulator per feature and add the rows in order, like the
;;   reference's loops; SIMD lanes run different features, never split one sum.
;;
;; Hot loops are written out in full rather than calling helpers: not every engine inlines wasm
;; calls (Node 20's V8 does not), and a call per vector costs more than the work. Arrays whose
;; length is not a multiple of the vector width end in a scalar loop (or, for `sigmoid`, a
;; partial vector read and written lane by lane), so nothing outside an array is touched.
(module
  (import "env" "memory" (memory 1))

  ;; The first `count` (1 to 3) floats at p, zeros in the other lanes.
  (func $load_tail (param $p i32) (param $count i32) (result v128)
    (local $v v128)
    (local.set $v (v128.load32_lane 0 (local.get $p) (v128.const i32x4 0 0 0 0)))
    (if (i32.gt_u (local.get $count) (i32.const 1))
      (then (local.set $v (v128.load32_lane offset=4 1 (local.get $p) (local.get $v)))))
    (if (i32.gt_u (local.get $count) (i32.const 2))
      (then (local.set $v (v128.load32_lane offset=8 2 (local.get $p) (local.get $v)))))
    (local.get $v))

  ;; Stores the first `count` (1 to 3) lanes of v at p.
  (func $store_tail (param $p i32) (param $v v128) (param $count i32)
    (v128.store32_lane 0 (local.get $p) (local.get $v))
    (if (i32.gt_u (local.get $count) (i32.const 1))
      (then (v128.store32_lane offset=4 1 (local.get $p) (local.get $v))))
    (if (i32.gt_u (local.get $count) (i32.const 2))
      (then (v128.store32_lane offset=8 2 (local.get $p) (local.get $v)))))

  ;; ------------------------------------------------------------------------------------------
  ;; Finiteness

  ;; 1 when one of the n floats at p is NaN or ±Infinity (exponent bits all ones), else 0.
  (func (export "non_finite") (param $p i32) (param $n i32) (result i32)
    (local $end i32) (local $seen v128) (local $bad i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $seen (v128.or (local.get $seen)
          (i32x4.eq (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $each)))
    (local.set $bad (v128.any_true (local.get $seen)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $bad (i32.or (local.get $bad)
          (i32.eq (i32.and (i32.load (local.get $p)) (i32.const 0x7f800000)) (i32.const 0x7f800000))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $each)))
    (local.get $bad))

  ;; ------------------------------------------------------------------------------------------
  ;; Activations

  ;; σ(x) = 1/(1 + e^z), z = −x, in float32 on four lanes. e^z is Cephes' expf: z = k·ln2 + r with
  ;; k = round(z/ln2) and ln2 split in two (Cody–Waite) so k·ln2 is exact, a degree-7 polynomial
  ;; for e^r on |r| ≤ ½ln2, and 2^k built in the exponent bits: within about 1 ulp, and σ within
  ;; 2 float32 ulps of the correctly rounded value (the TypeScript kernel's, up to its own
  ;; rounding). z is clamped to ±88.3762626647949 so 2^k stays a normal float; beyond that σ is 0
  ;; (the exact value is below 4.2e−39) or 1. The clamps use pmin/pmax, one instruction each
  ;; (f32x4.min and max expand to several), which keep a NaN z as it is, so NaN stays NaN.
  ;; Adding 1.5·2²³ rounds z/ln2 to the integer k (ties to even) and leaves k in the low bits.
  (func $sigmoid4 (param $x v128) (result v128)
    (local $z v128) (local $t v128) (local $k v128) (local $r v128) (local $p v128)
    (local.set $z (f32x4.pmax (f32x4.pmin (f32x4.neg (local.get $x)) (v128.const f32x4 88.3762626647949 88.3762626647949 88.3762626647949 88.3762626647949)) (v128.const f32x4 -88.3762626647949 -88.3762626647949 -88.3762626647949 -88.3762626647949)))
    (local.set $t (f32x4.add (f32x4.mul (local.get $z) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341)) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $k (f32x4.sub (local.get $t) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $z) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $r) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    ;; e^r = p·r² + r + 1, times 2^k: the bits of t are 0x4b400000 + k.
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
                             (v128.const f32x4 1 1 1 1)))
    (local.set $p (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.sub (local.get $t) (v128.const i32x4 0x4b3fff81 0x4b3fff81 0x4b3fff81 0x4b3fff81)) (i32.const 23))))
    (local.set $p (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $p)
      (f32x4.lt (local.get $x) (v128.const f32x4 -88.3762626647949 -88.3762626647949 -88.3762626647949 -88.3762626647949))))
    (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $p))))

  ;; y = σ(x) for n floats. The call per four values costs little next to $sigmoid4's work.
  (func (export "sigmoid") (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $rest i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $y) (call $sigmoid4 (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $each)))
    (local.set $rest (i32.and (local.get $n) (i32.const 3)))
    (if (local.get $rest)
      (then (call $store_tail (local.get $y)
        (call $sigmoid4 (call $load_tail (local.get $x) (local.get $rest))) (local.get $rest)))))

  ;; dx = (dy·y)·(1 − y) for n floats, y the sigmoid's output.
  (func (export "sigmoid_backward") (param $y i32) (param $dy i32) (param $dx i32) (param $n i32)
    (local $end i32) (local $v v128) (local $d v128) (local $s f64)
    (local.set $end (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (local.set $v (v128.load (local.get $y)))
        (local.set $d (v128.load (local.get $dy)))
        (v128.store (local.get $dx) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (local.get $d)) (f64x2.promote_low_f32x4 (local.get $v))) (f64x2.sub (v128.const f64x2 1 1) (f64x2.promote_low_f32x4 (local.get $v))))) (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d) (local.get $d))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))) (f64x2.sub (v128.const f64x2 1 1) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))))))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $each)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (local.set $s (f64.promote_f32 (f32.load (local.get $y))))
        (f32.store (local.get $dx) (f32.demote_f64
          (f64.mul (f64.mul (f64.promote_f32 (f32.load (local.get $dy))) (local.get $s)) (f64.sub (f64.const 1) (local.get $s)))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
        (br $each))))

  ;; y = max(0, x) for n floats: NaN stays NaN and −0 becomes +0, like Math.max(0, x). The vector
  ;; loop takes pmax(x, 0) = (x < 0 ? 0 : x), one instruction where f32x4.max expands to several,
  ;; and adds +0, which turns −0 into +0 and changes nothing else.
  (func (export "relu") (param $x i32) (param $y i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $y) (f32x4.add (f32x4.pmax (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 0 0 0 0)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $each)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $y) (f32.max (f32.const 0) (f32.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $each))))

  ;; dx = dy where x > 0, else +0, for n floats.
  (func (export "relu_backward") (param $x i32) (param $dy i32) (param $dx i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $dx)
          (v128.and (v128.load (local.get $dy)) (f32x4.gt (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $each)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $dx)
          (select (f32.load (local.get $dy)) (f32.const 0) (f32.gt (f32.load (local.get $x)) (f32.const 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
        (br $each))))

  ;; ------------------------------------------------------------------------------------------
  ;; Dense: the bias and its gradient; plain SGD's step

  ;; y[r][j] += b[j] for rows × width floats.
  (func (export "add_row_vector") (param $y i32) (param $b i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $j i32) (local $full i32)
    (local.set $full (i32.and (local.get $width) (i32.const -4)))
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $done
          (loop $each
            (br_if $done (i32.ge_u (local.get $j) (local.get $full)))
            (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2))))
                         (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $each)))
        (block $done
          (loop $each
            (br_if $done (i32.ge_u (local.get $j) (local.get $width)))
            (f32.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2)))
              (f32.add (f32.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 2))))
                       (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $each)))
        (local.set $y (i32.add (local.get $y) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_row))))

  ;; sums[j] = Σ_r x[r][j] over rows × width floats, in float64 from 0 in row order, rounded once.
  ;; Two features per step (one for an odd last feature).
  (func (export "column_sums") (param $x i32) (param $rows i32) (param $width i32) (param $sums i32)
    (local $j i32) (local $pair i32) (local $p i32) (local $end i32) (local $stride i32) (local $sum v128)
    (local.set $stride (i32.shl (local.get $width) (i32.const 2)))
    (block $columns_done
      (loop $each_pair
        (br_if $columns_done (i32.ge_u (local.get $j) (local.get $width)))
        (local.set $pair (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $width)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $stride))))
        (local.set $sum (v128.const f64x2 0 0))
        (block $done
          (loop $each_row
            (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (local.get $p))) (else (v128.load32_zero (local.get $p)))))))
            (local.set $p (i32.add (local.get $p) (local.get $stride)))
            (br $each_row)))
        (if (local.get $pair) (then (v128.store64_lane 0 (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $sum)))) (else (v128.store32_lane 0 (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $sum)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $each_pair))))

  ;; value[i] = value[i] − scale·grad[i] for n floats, in float64.
  (func (export "subtract_scaled") (param $value i32) (param $grad i32) (param $n i32) (param $scale f64)
    (local $end i32) (local $s v128) (local $v v128) (local $g v128)
    (local.set $s (f64x2.splat (local.get $scale)))
    (local.set $end (i32.add (local.get $value) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $value) (local.get $end)))
        (local.set $v (v128.load (local.get $value)))
        (local.set $g (v128.load (local.get $grad)))
        (v128.store (local.get $value) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (local.get $g))))) (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v))) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $g) (local.get $g))))))))
        (local.set $value (i32.add (local.get $value) (i32.const 16)))
        (local.set $grad (i32.add (local.get $grad) (i32.const 16)))
        (br $each)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $value) (local.get $end)))
        (f32.store (local.get $value) (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $value)))
          (f64.mul (local.get $scale) (f64.promote_f32 (f32.load (local.get $grad)))))))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (local.set $grad (i32.add (local.get $grad) (i32.const 4)))
        (br $each))))

  ;; ------------------------------------------------------------------------------------------
  ;; BatchNorm in training mode (engine/layers/batchnorm.ts), two features per step (one for an
  ;; odd last feature); the per-feature statistics are float64 arrays.

  ;; Per feature j of x[rows × width]: mean[j] = Σ x / m, variance[j] = Σ (x − mean)² / m,
  ;; inv_std[j] = 1/√(variance + eps), and y = γ((x − mean)·inv_std) + β.
  (func (export "batchnorm_forward")
    (param $x i32) (param $y i32) (param $rows i32) (param $width i32) (param $gamma i32) (param $beta i32)
    (param $mean i32) (param $variance i32) (param $inv_std i32) (param $eps f64)
    (local $j i32) (local $pair i32) (local $stride i32) (local $at i32) (local $end i32)
    (local $m v128) (local $mu v128) (local $sum v128) (local $centred v128) (local $inv v128) (local $g v128) (local $b v128)
    (local.set $stride (i32.shl (local.get $width) (i32.const 2)))
    (local.set $m (f64x2.convert_low_i32x4_u (i32x4.splat (local.get $rows))))
    (block $columns_done
      (loop $each_pair
        (br_if $columns_done (i32.ge_u (local.get $j) (local.get $width)))
        (local.set $pair (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $width)))
        (local.set $end (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.mul (local.get $rows) (local.get $stride))))
        ;; the mean
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (block $done
          (loop $each_row
            (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $x) (local.get $at))))))))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (br $each_row)))
        (local.set $mu (f64x2.div (local.get $sum) (local.get $m)))
        (if (local.get $pair) (then (v128.store (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 3))) (local.get $mu))) (else (v128.store64_lane 0 (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 3))) (local.get $mu))))
        ;; the biased variance
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (block $done
          (loop $each_row
            (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $centred (f64x2.sub (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $x) (local.get $at)))))) (local.get $mu)))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $centred) (local.get $centred))))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (br $each_row)))
        (local.set $sum (f64x2.div (local.get $sum) (local.get $m)))
        (if (local.get $pair) (then (v128.store (i32.add (local.get $variance) (i32.shl (local.get $j) (i32.const 3))) (local.get $sum))) (else (v128.store64_lane 0 (i32.add (local.get $variance) (i32.shl (local.get $j) (i32.const 3))) (local.get $sum))))
        (local.set $inv (f64x2.div (v128.const f64x2 1 1) (f64x2.sqrt (f64x2.add (local.get $sum) (f64x2.splat (local.get $eps))))))
        (if (local.get $pair) (then (v128.store (i32.add (local.get $inv_std) (i32.shl (local.get $j) (i32.const 3))) (local.get $inv))) (else (v128.store64_lane 0 (i32.add (local.get $inv_std) (i32.shl (local.get $j) (i32.const 3))) (local.get $inv))))
        ;; the output
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (local.set $g (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $gamma) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $gamma) (local.get $at)))))))
        (local.set $b (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $beta) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $beta) (local.get $at)))))))
        (block $done
          (loop $each_row
            (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
            (if (local.get $pair) (then (v128.store64_lane 0 (i32.add (local.get $y) (local.get $at)) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (local.get $g) (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $x) (local.get $at)))))) (local.get $mu)) (local.get $inv))) (local.get $b))))) (else (v128.store32_lane 0 (i32.add (local.get $y) (local.get $at)) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (local.get $g) (f64x2.mul (f64x2.sub (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $x) (local.get $at)))))) (local.get $mu)) (local.get $inv))) (local.get $b))))))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (br $each_row)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $each_pair))))

  ;; The lecture's backward pass from the forward pass's mean and inv_std; with x̂' = dy·γ and
  ;; c = x − μ, per feature:
  ;;   dγ = Σ (dy·c)·inv_std and dβ = Σ dy (when `params`),
  ;;   dσ² = Σ x̂'·c · (−½) inv_std³,  dμ = −Σ x̂' · inv_std + dσ²·(−2)·Σ c / m,
  ;;   dx = (dy·γ)·inv_std + dσ²·2·c / m + dμ / m (when `inputs`).
  (func (export "batchnorm_backward")
    (param $x i32) (param $dy i32) (param $dx i32) (param $rows i32) (param $width i32) (param $gamma i32)
    (param $mean i32) (param $inv_std i32) (param $dgamma i32) (param $dbeta i32) (param $params i32) (param $inputs i32)
    (local $j i32) (local $pair i32) (local $stride i32) (local $at i32) (local $end i32)
    (local $m v128) (local $mu v128) (local $inv v128) (local $g v128) (local $d v128) (local $centred v128) (local $dxhat v128)
    (local $sum_dxhat v128) (local $sum_dxhat_centred v128) (local $sum_centred v128) (local $sum_dy v128) (local $sum_dy_xhat v128)
    (local $d_variance v128) (local $d_mean v128)
    (local.set $stride (i32.shl (local.get $width) (i32.const 2)))
    (local.set $m (f64x2.convert_low_i32x4_u (i32x4.splat (local.get $rows))))
    (block $columns_done
      (loop $each_pair
        (br_if $columns_done (i32.ge_u (local.get $j) (local.get $width)))
        (local.set $pair (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $width)))
        (local.set $end (i32.add (i32.shl (local.get $j) (i32.const 2)) (i32.mul (local.get $rows) (local.get $stride))))
        (local.set $mu (if (result v128) (local.get $pair) (then (v128.load (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 3))))) (else (v128.load64_zero (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $inv (if (result v128) (local.get $pair) (then (v128.load (i32.add (local.get $inv_std) (i32.shl (local.get $j) (i32.const 3))))) (else (v128.load64_zero (i32.add (local.get $inv_std) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $g (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $gamma) (i32.shl (local.get $j) (i32.const 2))))) (else (v128.load32_zero (i32.add (local.get $gamma) (i32.shl (local.get $j) (i32.const 2))))))))
        (local.set $sum_dxhat (v128.const f64x2 0 0))
        (local.set $sum_dxhat_centred (v128.const f64x2 0 0))
        (local.set $sum_centred (v128.const f64x2 0 0))
        (local.set $sum_dy (v128.const f64x2 0 0))
        (local.set $sum_dy_xhat (v128.const f64x2 0 0))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (block $done
          (loop $each_row
            (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $centred (f64x2.sub (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $x) (local.get $at)))))) (local.get $mu)))
            (local.set $d (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $dy) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $dy) (local.get $at)))))))
            (local.set $dxhat (f64x2.mul (local.get $d) (local.get $g)))
            (local.set $sum_dxhat (f64x2.add (local.get $sum_dxhat) (local.get $dxhat)))
            (local.set $sum_dxhat_centred (f64x2.add (local.get $sum_dxhat_centred) (f64x2.mul (local.get $dxhat) (local.get $centred))))
            (local.set $sum_centred (f64x2.add (local.get $sum_centred) (local.get $centred)))
            (local.set $sum_dy (f64x2.add (local.get $sum_dy) (local.get $d)))
            (local.set $sum_dy_xhat (f64x2.add (local.get $sum_dy_xhat)
              (f64x2.mul (f64x2.mul (local.get $d) (local.get $centred)) (local.get $inv))))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (br $each_row)))
        (if (local.get $params)
          (then
            (if (local.get $pair) (then (v128.store64_lane 0 (i32.add (local.get $dgamma) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $sum_dy_xhat)))) (else (v128.store32_lane 0 (i32.add (local.get $dgamma) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $sum_dy_xhat)))))
            (if (local.get $pair) (then (v128.store64_lane 0 (i32.add (local.get $dbeta) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $sum_dy)))) (else (v128.store32_lane 0 (i32.add (local.get $dbeta) (i32.shl (local.get $j) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $sum_dy)))))))
        (if (local.get $inputs)
          (then
            (local.set $d_variance (f64x2.mul (f64x2.mul (f64x2.mul
              (f64x2.mul (local.get $sum_dxhat_centred) (v128.const f64x2 -0.5 -0.5)) (local.get $inv)) (local.get $inv)) (local.get $inv)))
            (local.set $d_mean (f64x2.add
              (f64x2.mul (f64x2.neg (local.get $sum_dxhat)) (local.get $inv))
              (f64x2.div (f64x2.mul (f64x2.mul (local.get $d_variance) (v128.const f64x2 -2 -2)) (local.get $sum_centred)) (local.get $m))))
            (local.set $at (i32.shl (local.get $j) (i32.const 2)))
            (block $done
              (loop $each_row
                (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
                (local.set $centred (f64x2.sub (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $x) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $x) (local.get $at)))))) (local.get $mu)))
                (if (local.get $pair) (then (v128.store64_lane 0 (i32.add (local.get $dx) (local.get $at)) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.add (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $dy) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $dy) (local.get $at)))))) (local.get $g)) (local.get $inv)) (f64x2.div (f64x2.mul (f64x2.mul (local.get $d_variance) (v128.const f64x2 2 2)) (local.get $centred)) (local.get $m))) (f64x2.div (local.get $d_mean) (local.get $m)))))) (else (v128.store32_lane 0 (i32.add (local.get $dx) (local.get $at)) (f32x4.demote_f64x2_zero (f64x2.add (f64x2.add (f64x2.mul (f64x2.mul (f64x2.promote_low_f32x4 (if (result v128) (local.get $pair) (then (v128.load64_zero (i32.add (local.get $dy) (local.get $at)))) (else (v128.load32_zero (i32.add (local.get $dy) (local.get $at)))))) (local.get $g)) (local.get $inv)) (f64x2.div (f64x2.mul (f64x2.mul (local.get $d_variance) (v128.const f64x2 2 2)) (local.get $centred)) (local.get $m))) (f64x2.div (local.get $d_mean) (local.get $m)))))))
                (local.set $at (i32.add (local.get $at) (local.get $stride)))
                (br $each_row)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $each_pair)))))
