import unittest

from geom import stats, util, vec


class TestVec(unittest.TestCase):
    def test_norm_and_dot(self):
        v = vec.Vec(3.0, 4.0)
        self.assertEqual(v.norm(), 5.0)
        self.assertEqual(vec.dot(v, v.scaled(2.0)), 50.0)

    def test_path_and_area(self):
        square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
        self.assertEqual(vec.path_length(square), 3.0)
        self.assertEqual(vec.polygon_area(square), 1.0)

    def test_bad_argument(self):
        with self.assertRaises(TypeError):
            vec.path_length("not a list")


class TestStats(unittest.TestCase):
    def test_moments(self):
        self.assertEqual(stats.mean([1.0, 2.0, 3.0]), 2.0)
        self.assertAlmostEqual(stats.variance([1.0, 2.0, 3.0, 4.0], 1), 5 / 3)
        self.assertEqual(stats.median([3.0, 1.0, 2.0]), 2.0)
        self.assertIsNone(stats.median([]))

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "empty"):
            stats.mean([])

    def test_memo(self):
        self.assertEqual(stats.binomial(30, 15), 155117520)
        self.assertGreater(stats.binomial.cache_info().hits, 0)


class TestData(unittest.TestCase):
    def test_package_data(self):
        self.assertEqual(util.coefficients()["scale"], 2.5)


if __name__ == "__main__":
    unittest.main()
