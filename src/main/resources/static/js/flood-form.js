// A hyetograph chosen as a CSV file fills the form's text box, where it can be read and corrected before it is sent.
(function () {
  var input = document.getElementById('run-hyetograph-file');
  if (!input || !window.FileReader) {
    return;
  }
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      document.getElementById(input.dataset.fills).value = reader.result;
      var storm = document.getElementById('run-storm');
      if (storm) {
        storm.value = 'UPLOADED';
      }
    };
    reader.readAsText(file);
  });
})();
